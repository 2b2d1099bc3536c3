package relocate.schemas.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Publishes the current top-level contracts: writes the next vN.avsc of each one that changed, and
 * nothing at all when any of them cannot read a published version. Usually run through
 * {@code SchemaHistoryTest} with {@code -Dschemas.publish=true} (see schemas/README.md); the main method
 * takes the history folder as its only argument.
 */
public final class PublishSchemas {

    private PublishSchemas() {
    }

    public static void main(String[] args) {
        Path directory = args.length > 0 ? Path.of(args[0]) : defaultDirectory();
        try {
            List<SchemaHistory.Version> written = publish(new SchemaHistory(directory), Contracts.TOP_LEVEL);
            if (written.isEmpty()) {
                System.out.println("Every contract is already published in " + directory + ".");
            }
            written.forEach(v -> System.out.println("Published " + v.fullName() + " v" + v.number() + ": " + v.file()));
        } catch (SchemaHistoryException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Checks every contract first, then writes the changed ones.
     *
     * @return the versions written (empty when everything was published already)
     * @throws SchemaHistoryException when any contract cannot read one of its published versions
     */
    public static List<SchemaHistory.Version> publish(SchemaHistory history, Collection<Schema> contracts) {
        List<SchemaHistory.Finding> incompatible = history.check(contracts).stream()
                .filter(f -> f.kind() == SchemaHistory.Finding.Kind.INCOMPATIBLE)
                .toList();
        if (!incompatible.isEmpty()) {
            throw new SchemaHistoryException("Nothing published:\n" + SchemaHistory.describe(incompatible));
        }
        List<SchemaHistory.Version> written = new ArrayList<>();
        for (Schema contract : contracts) {
            history.publish(contract).ifPresent(written::add);
        }
        return written;
    }

    /** The history folder whether run from the schemas module or from the repository root. */
    static Path defaultDirectory() {
        Path fromRoot = Path.of("schemas").resolve(SchemaHistory.SOURCE_DIRECTORY);
        return Files.isDirectory(Path.of("schemas", "src", "main", "avro")) ? fromRoot : SchemaHistory.SOURCE_DIRECTORY;
    }
}
