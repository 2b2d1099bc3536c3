package relocate.artifacts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.artifacts.GeneratedBytes;

/**
 * A store on a real full file system: a 1 MiB tmpfs mounted for the test. Mounting needs root (or
 * CAP_SYS_ADMIN); where it is not permitted the test is skipped, and the wording of the failure is still
 * covered by {@code FileArtifactStoreTest.writeFailureTellsPeopleWhereHowMuchSpaceAndWhatToDo}.
 */
class FullDiskTest {

    private static final String MIGRATION = "full-disk";

    private static Path mountPoint;
    private static String notMounted;

    @BeforeAll
    static void mountSmallFileSystem() throws IOException, InterruptedException {
        mountPoint = Files.createTempDirectory("relocate-full-disk");
        String result = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        if (result != null) {
            notMounted = "cannot mount a 1 MiB tmpfs to fill (" + result + "); needs root or CAP_SYS_ADMIN";
        }
    }

    @AfterAll
    static void unmount() throws IOException, InterruptedException {
        if (notMounted == null) {
            if (run("umount", mountPoint.toString()) != null) {
                run("umount", "-l", mountPoint.toString());
            }
        }
        Files.deleteIfExists(mountPoint);
    }

    @Test
    void fullDiskIsReportedWithTheStoreAndItsFreeSpaceAndLeavesNothing() throws IOException {
        Assumptions.assumeTrue(notMounted == null, () -> notMounted);
        FileArtifactStore store = new FileArtifactStore(mountPoint.resolve("store"));
        String name = "public.cases/00000.copy";

        ArtifactStoreException full = assertThrows(ArtifactStoreException.class, () -> {
            try (ArtifactOutputStream out = store.create(MIGRATION, name)) {
                new GeneratedBytes(1, 4L * 1024 * 1024).transferTo(out);
            }
        });
        String message = full.getMessage();
        assertTrue(message.contains("No space left on device"), message);
        assertTrue(message.contains(store.root().toString()) && message.contains(name), message);
        assertTrue(message.matches("(?s).*; free space there: \\d+(\\.\\d)? (bytes|KiB)\\..*"), message);
        assertTrue(message.contains("The disk is full") && message.contains("partial file was removed"), message);

        assertEquals(List.of(), store.list(MIGRATION));
        try (Stream<Path> partial = Files.list(store.root().resolve(MIGRATION).resolve(FileArtifactStore.PARTIAL))) {
            assertEquals(0, partial.count(), "the partial file is gone");
        }
        // and its space with it: a small file fits again
        try (ArtifactOutputStream out = store.create(MIGRATION, "manifest.json")) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("manifest.json"), store.list(MIGRATION));
    }

    /** Runs a command; returns null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
