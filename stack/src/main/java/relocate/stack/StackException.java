package relocate.stack;

/** The local stack could not do what was asked; the message says what went wrong and what to do. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
