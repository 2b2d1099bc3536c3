package relocate.blob;

import io.micronaut.runtime.Micronaut;

/** blob-service on its own: consumes relocate.cmd.blob (run as many as a large domain's pages need). */
public final class BlobApplication {
    private BlobApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(BlobApplication.class, args);
    }
}
