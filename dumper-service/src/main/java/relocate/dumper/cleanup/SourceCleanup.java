package relocate.dumper.cleanup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Tenancy;
import relocate.catalog.DomainModel;
import relocate.catalog.TableName;
import relocate.catalog.rows.DeleteLimits;
import relocate.catalog.rows.DomainRows;
import relocate.dumper.freeze.Freeze;

/**
 * CLEANUP after COMMIT: deletes the domain's rows of the migrated models on the source, through the
 * freeze (which names this migration), then lifts the freeze. Run again after a failure, it deletes
 * what is left and removes what remains of the freeze.
 */
public final class SourceCleanup {

    private SourceCleanup() {
    }

    /**
     * @param models the migrated models ({@code schema.table}): those loaded and verified on the target, never
     *               empty (a cleanup that cannot say what moved deletes nothing)
     * @return rows deleted per model
     */
    public static Map<TableName, Long> deleteRows(Connection source, Tenancy tenancy, String domain,
                                                  String migrationId, List<String> models) throws SQLException {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the cleanup of migration " + migrationId + " names no migrated model: "
                    + "nothing was deleted on the source. Only the models loaded and verified on the target may be");
        }
        DomainModel selected = DomainCatalog.read(source, tenancy).restrictedTo(m -> models.contains(m.toString()));
        return DomainRows.delete(source, selected, domain, DeleteLimits.DEFAULT,
                Map.of(Freeze.CLEANUP_SETTING, migrationId));
    }
}
