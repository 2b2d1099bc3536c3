package relocate.catalog.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.selection.ByTenantColumn;

class RowChecksumTest {

    private static final TableName VISITS = new TableName("public", "visits");

    private static Model visits(List<String> primaryKey, String keyType) {
        Table table = new Table(VISITS, List.of(
                new Column("id", keyType, true, null, false, false),
                new Column("domain", "text", true, null, false, false),
                new Column("Note \"x\"", "text", false, null, false, false),
                new Column("at", "date", false, null, false, false)), primaryKey);
        return new Model(table, new ByTenantColumn(VISITS, "domain"));
    }

    @Test
    void takesColumnsByNameAndTheTenantAsABoundValue() {
        RowChecksum checksum = RowChecksum.of(visits(List.of("id"), "bigint"), "domain");

        assertEquals(List.of("Note \"x\"", "at", "domain", "id"), checksum.columns());
        assertEquals("SELECT count(*), coalesce(sum(('x' || left(md5(ROW(t.\"Note \"\"x\"\"\", t.\"at\", CAST(? AS text), "
                + "t.\"id\")::text), 16))::bit(64)::bigint), 0) FROM \"public\".\"visits\" t WHERE t.\"domain\" = ?",
                checksum.sql(false));
        assertTrue(checksum.sql(true).endsWith("WHERE t.\"domain\" = ? AND t.\"id\" >= ? AND t.\"id\" < ?"),
                checksum.sql(true));
    }

    @Test
    void canBeLimitedToTheSourcesColumns() {
        RowChecksum checksum = RowChecksum.of(visits(List.of("id"), "bigint"), "domain").overColumns(List.of("id", "at"));

        assertEquals(List.of("at", "id"), checksum.columns());
        assertTrue(checksum.sql(false).contains("ROW(t.\"at\", t.\"id\")"), checksum.sql(false));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RowChecksum.of(visits(List.of("id"), "bigint"), "domain").overColumns(List.of("id", "closed")));
        assertTrue(missing.getMessage().contains("public.visits has no column closed"), missing.getMessage());
    }

    @Test
    void keyRangesNeedASingleColumnIntegerPrimaryKey() {
        IllegalArgumentException uuidKey = assertThrows(IllegalArgumentException.class,
                () -> RowChecksum.of(visits(List.of("id"), "uuid"), "domain").sql(true));
        assertTrue(uuidKey.getMessage().contains("no single-column integer primary key"), uuidKey.getMessage());

        IllegalArgumentException twoColumns = assertThrows(IllegalArgumentException.class,
                () -> RowChecksum.of(visits(List.of("id", "at"), "integer"), "domain").sql(true));
        assertTrue(twoColumns.getMessage().contains("(its key is id, at)"), twoColumns.getMessage());

        assertTrue(RowChecksum.of(visits(List.of("id"), "integer"), "domain").sql(true).contains("t.\"id\" >= ?"));
    }
}
