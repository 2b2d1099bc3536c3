package relocate.blob.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BlobCopyFailureTest {

    @Test
    void aConflictNamesTheKeyAndSaysNothingWasOverwritten() {
        BlobCopyFailure failure = new BlobCopyFailure("m1", 3, 200, List.of(
                new CopyProblem("acme/x.pdf", CopyProblem.Kind.CONFLICT, "the target already holds a different object.",
                        false),
                new CopyProblem("acme/y.pdf", CopyProblem.Kind.CONTENT_MISMATCH, "changed while read.", true)));
        assertFalse(failure.retryable(), "a conflict needs a person");
        assertEquals(List.of("acme/x.pdf", "acme/y.pdf"), failure.keys());
        assertTrue(failure.getMessage().startsWith("Blob page 3 of migration m1: 2 of 200 blobs were not copied"));
        assertTrue(failure.getMessage().contains("'acme/x.pdf': the target already holds"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Nothing on the target was overwritten"), failure.getMessage());
    }

    @Test
    void onlyPassingProblemsMakeThePageRetryableAndLongListsAreCut() {
        List<CopyProblem> problems = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            problems.add(new CopyProblem("k" + i, CopyProblem.Kind.CONTENT_MISMATCH, "changed.", true));
        }
        BlobCopyFailure failure = new BlobCopyFailure("m1", 0, 25, problems);
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("And 5 more."), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("Copy the page again."), failure.getMessage());
        assertEquals(25, failure.problems().size());
    }
}
