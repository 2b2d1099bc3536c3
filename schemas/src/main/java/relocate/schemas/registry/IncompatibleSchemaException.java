package relocate.schemas.registry;

/**
 * The registry refused a schema (HTTP 409) because it is incompatible with the versions already
 * registered under the subject, by the subject's compatibility rule.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private final String subject;

    public IncompatibleSchemaException(String message, String subject) {
        super(message, 409);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
