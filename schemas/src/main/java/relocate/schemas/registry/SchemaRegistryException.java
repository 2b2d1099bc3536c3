package relocate.schemas.registry;

/**
 * The schema registry answered with an error, or could not be asked. The message is for people:
 * what failed, against which registry, and what to do.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;

    public SchemaRegistryException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
    }

    /** The HTTP status the registry answered, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
