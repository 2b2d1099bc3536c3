package relocate.dumper.chunk;

/**
 * A chunk could not be dumped: the source could not be read, the chunk's destination could not be
 * written, or the model changed since it was planned. The message names the chunk and the domain; the
 * cause is the driver's or the stream's error. Dumping the chunk again is safe (a dump only reads), into
 * a fresh destination; {@link #retryable()} says whether doing so unchanged can succeed.
 */
public class ChunkDumpFailure extends RuntimeException {
    private final boolean retryable;

    public ChunkDumpFailure(String message, Throwable cause) {
        this(message, true, cause);
    }

    public ChunkDumpFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
