package relocate.blob.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BlobVerificationTest {

    @Test
    void pagesAddUpAndAllIsWellWhenNothingDiffers() {
        BlobVerification verification = BlobVerification.of(List.of(
                new PageVerification(1, 200, 1000, List.of()), new PageVerification(0, 200, 2000, List.of())));
        assertTrue(verification.ok());
        assertEquals(new BlobVerification(2, 400, 3000, 0, 0, List.of(), List.of()), verification);
        assertTrue(verification.summary().startsWith("All 400 blobs"));
    }

    @Test
    void problemsAreNamedUpToAHundredButCountedAndTheirPagesListedInFull() {
        List<PageVerification> pages = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            List<BlobProblem> problems = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                problems.add(new BlobProblem(String.format("p%d/k%02d", page, i), page,
                        i % 2 == 0 ? BlobProblem.Kind.MISSING : BlobProblem.Kind.DIFFERENT, "detail"));
            }
            pages.add(new PageVerification(page, 100, 100, problems));
        }
        pages.add(new PageVerification(3, 100, 100, List.of()));

        BlobVerification verification = BlobVerification.of(pages);

        assertFalse(verification.ok());
        assertEquals(90, verification.missing());
        assertEquals(90, verification.different());
        assertEquals(BlobVerification.MAX_LISTED, verification.problems().size());
        assertEquals("p0/k00", verification.problems().get(0).key());
        assertEquals(List.of(0, 1, 2), verification.pagesWithProblems());
        assertTrue(verification.summary().contains("And 80 more"), verification.summary());
        assertTrue(verification.summary().contains("180 of 400 blobs"), verification.summary());
    }
}
