package relocate.artifacts.store;

import java.io.IOException;

/**
 * The artifact store cannot do what was asked (a full disk, a missing permission, a name that is not
 * allowed, a migration that already has files). The message names the store and what to do.
 *
 * <p>An {@link IOException}, so that it passes through the streams a chunk is written and read with
 * (the dumper's COPY, the loader's COPY) with its message intact.
 */
public class ArtifactStoreException extends IOException {

    public ArtifactStoreException(String message) {
        super(message);
    }

    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
