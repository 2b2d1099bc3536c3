package relocate.schemas.registry;

/** The registry knows no schema with the requested id (HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {

    private final int schemaId;

    public SchemaNotFoundException(String message, int schemaId) {
        super(message, 404);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
