package relocate.dumper.chunk;

/**
 * A chunk could not be dumped: the source could not be read, or the chunk's destination could not be
 * written. The message names the chunk and the domain; the cause is the driver's or the stream's error.
 * Dumping the chunk again is safe (a dump only reads), into a fresh destination.
 */
public class ChunkDumpFailure extends RuntimeException {

    public ChunkDumpFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
