package relocate.artifacts.store;

/** A file the caller named is not in the artifact store (never written, deleted, or not yet complete). */
public class ArtifactMissing extends ArtifactStoreException {

    public ArtifactMissing(String message, Throwable cause) {
        super(message, cause);
    }
}
