package relocate.schemas.history;

/** A contract does not fit its published history, or the history itself is damaged. */
public class SchemaHistoryException extends RuntimeException {

    public SchemaHistoryException(String message) {
        super(message);
    }
}
