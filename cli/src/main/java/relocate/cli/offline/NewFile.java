package relocate.cli.offline;

import java.nio.file.Files;
import java.nio.file.Path;

/** An archive the offline commands write: a new file, never one that exists (they never overwrite). */
final class NewFile {

    private NewFile() {
    }

    /**
     * Refuses, before anything is read or written, an {@code --out} that exists (a file: it would be overwritten; a
     * directory: the archive could not be written there after the whole dump) or whose directory does not.
     */
    static Path require(Path out) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory: give the archive's file name, for "
                    + "example " + out.resolve("acme.zip"));
        }
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists: Relocate does not overwrite an archive; give "
                    + "a new file name, or move that file away first");
        }
        Path directory = out.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--out " + out + ": its directory " + directory + " does not exist");
        }
        return out;
    }
}
