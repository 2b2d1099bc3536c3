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
     * @param models the migrated models ({@code schema.table}); empty: every model of the domain
     * @return rows deleted per model
     */
    public static Map<TableName, Long> deleteRows(Connection source, Tenancy tenancy, String domain,
                                                  String migrationId, List<String> models) throws SQLException {
        DomainModel all = DomainCatalog.read(source, tenancy);
        DomainModel selected = models.isEmpty() ? all : all.restrictedTo(m -> models.contains(m.toString()));
        return DomainRows.delete(source, selected, domain, DeleteLimits.DEFAULT,
                Map.of(Freeze.CLEANUP_SETTING, migrationId));
    }
}
