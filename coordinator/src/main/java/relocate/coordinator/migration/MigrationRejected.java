package relocate.coordinator.migration;

/** An operator's request that does not apply to the migration as it stands (HTTP 409). */
public class MigrationRejected extends RuntimeException {
    public MigrationRejected(String message) {
        super(message);
    }
}
