package relocate.coordinator.migration;

public class MigrationNotFound extends RuntimeException {
    public MigrationNotFound(String id) {
        super("unknown migration '" + id + "': list them with `relocate list`");
    }
}
