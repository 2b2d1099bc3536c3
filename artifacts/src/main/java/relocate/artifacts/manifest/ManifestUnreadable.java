package relocate.artifacts.manifest;

import java.io.IOException;

/** A {@code manifest.json} that cannot be used: not JSON, not a manifest, or of a format this Relocate does not know. */
public class ManifestUnreadable extends IOException {

    public ManifestUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
