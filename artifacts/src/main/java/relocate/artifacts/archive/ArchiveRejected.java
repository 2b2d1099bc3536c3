package relocate.artifacts.archive;

import java.io.IOException;

/**
 * An archive that cannot be unpacked as it is: damaged, incomplete, with a file too many, or not made by
 * {@link Archive#pack}. Nothing of it was kept in the store. The message names the entry at fault.
 */
public class ArchiveRejected extends IOException {

    public ArchiveRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
