package relocate.loader.sequence;

/**
 * The target's sequences could not be moved past the loaded ids. Sequences that were already moved
 * stay moved (PostgreSQL never rolls a sequence back), which is harmless: running the step again is safe.
 */
public class SequenceFailure extends RuntimeException {

    public SequenceFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
