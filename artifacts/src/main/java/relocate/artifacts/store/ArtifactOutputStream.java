package relocate.artifacts.store;

import java.io.OutputStream;

/**
 * A file being written to an {@link ArtifactStore}: it takes its name on {@link #close()}, and not at all
 * after {@link #abort()} or a failed write.
 *
 * <p>A writer whose own source fails half-way (a COPY that breaks) must call {@link #abort()} before the
 * stream is closed, or the truncated file would appear under its name:
 * <pre>{@code
 * try (ArtifactOutputStream out = store.create(migrationId, name)) {
 *     try {
 *         write(out);
 *     } catch (RuntimeException | IOException e) {
 *         out.abort();
 *         throw e;
 *     }
 * }
 * }</pre>
 */
public abstract class ArtifactOutputStream extends OutputStream {

    /** Discards what was written; the file does not appear and a file already under the name stays. Idempotent. */
    public abstract void abort();
}
