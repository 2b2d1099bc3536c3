package relocate.dumper.freeze;

/**
 * The freeze (or its removal) could not be completed on the source. The message is for the operator:
 * it names what failed and what to do; it never contains a password. Whatever was installed before the
 * failure stays installed: running the same freeze again completes it, and removing it removes it all.
 */
public class FreezeFailure extends RuntimeException {

    private final boolean retryable;

    public FreezeFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether running the same call again unchanged may succeed (a lock that was busy may be free). */
    public boolean retryable() {
        return retryable;
    }
}
