package relocate.schemas.history;

import java.util.List;
import org.apache.avro.Schema;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.MigrationStatus;

/**
 * The top-level contracts: the schemas of whole Kafka messages, registered under topic subjects.
 * Every other type (Step, PreflightReport, ...) is part of one of these and is versioned with it.
 * A new top-level .avsc in src/main/avro must be added here (SchemaHistoryTest checks it).
 */
public final class Contracts {

    public static final List<Schema> TOP_LEVEL = List.of(
            Command.getClassSchema(),
            Event.getClassSchema(),
            MigrationStatus.getClassSchema());

    private Contracts() {
    }
}
