package relocate.schemas.registry;

/** The compatibility rules of the Confluent-compatible API (PUT /config/{subject}). */
public enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
