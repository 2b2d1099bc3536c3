package relocate.schemas.registry;

/**
 * No answer from the schema registry (refused, timed out, connection lost). Transient: retrying
 * later may succeed, so a consumer must not treat the message it was decoding as poison.
 */
public class RegistryUnreachableException extends SchemaRegistryException {

    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
