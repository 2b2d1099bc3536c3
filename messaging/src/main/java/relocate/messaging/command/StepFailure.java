package relocate.messaging.command;

/**
 * A step that cannot be done, with a message for the operator (what is wrong, what to do).
 * Retryable failures (a database that does not answer) are retried with backoff before they are
 * reported; the others (a wrong password) are reported at once.
 */
public class StepFailure extends RuntimeException {
    private final boolean retryable;

    public StepFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public StepFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
