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
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.TenantKey;

class RowChecksumTest {

    private static final TableName VISITS = new TableName("public", "visits");

    private static Model visits(List<String> primaryKey, String keyType) {
        Table table = new Table(VISITS, List.of(
                new Column("id", keyType, true, null, false, false),
                new Column("domain", "text", true, null, false, false),
                new Column("Note \"x\"", "text", false, null, false, false),
                new Column("at", "date", false, null, false, false)), primaryKey);
        return new Model(table, new ByTenantColumn(VISITS, new TenantKey("domain", "text")));
    }

    @Test
    void takesColumnsByNameAndTheTenantAsABoundValue() {
        RowChecksum checksum = RowChecksum.of(visits(List.of("id"), "bigint"));

        assertEquals(List.of("Note \"x\"", "at", "domain", "id"), checksum.columns());
        assertEquals("SELECT count(*), coalesce(sum(('x' || left(md5(ROW(t.\"Note \"\"x\"\"\", t.\"at\", CAST(? AS text), "
                + "t.\"id\")::text), 16))::bit(64)::bigint), 0) FROM \"public\".\"visits\" t WHERE t.\"domain\" = CAST(? AS text)",
                checksum.sql(null));
        assertEquals(checksum.sql(null), checksum.sql(ChunkRange.wholeModel(VISITS)), "a whole-model chunk has no range");
    }

    @Test
    void aChunksOpenEndsAddNoBound() {
        RowChecksum checksum = RowChecksum.of(visits(List.of("id"), "bigint"));
        String where = "WHERE t.\"domain\" = CAST(? AS text)";
        // a range is read through the key's index, not the tenant column's (see Selection.fromWhereInKeyRange)
        String inRange = "WHERE (t.\"domain\" = CAST(? AS text)) IS TRUE";

        assertTrue(checksum.sql(new ChunkRange(VISITS, 1, "id", 100L, 200L))
                .endsWith(inRange + " AND t.\"id\" >= ? AND t.\"id\" < ?"), checksum.sql(new ChunkRange(VISITS, 1, "id", 100L, 200L)));
        assertTrue(checksum.sql(new ChunkRange(VISITS, 0, "id", null, 100L)).endsWith(inRange + " AND t.\"id\" < ?"));
        assertTrue(checksum.sql(new ChunkRange(VISITS, 2, "id", 200L, null)).endsWith(inRange + " AND t.\"id\" >= ?"));
        assertTrue(checksum.sql(new ChunkRange(VISITS, 0, "id", null, null)).endsWith(where));
    }

    @Test
    void canBeLimitedToTheSourcesColumns() {
        RowChecksum checksum = RowChecksum.of(visits(List.of("id"), "bigint")).overColumns(List.of("id", "at"));

        assertEquals(List.of("at", "id"), checksum.columns());
        assertTrue(checksum.sql(null).contains("ROW(t.\"at\", t.\"id\")"), checksum.sql(null));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RowChecksum.of(visits(List.of("id"), "bigint")).overColumns(List.of("id", "closed")));
        assertTrue(missing.getMessage().contains("public.visits has no column closed"), missing.getMessage());
    }

    @Test
    void rangedChunksNeedASingleColumnIntegerPrimaryKey() {
        ChunkRange ranged = new ChunkRange(VISITS, 0, "id", 0L, 10L);
        IllegalArgumentException uuidKey = assertThrows(IllegalArgumentException.class,
                () -> RowChecksum.of(visits(List.of("id"), "uuid")).sql(ranged));
        assertTrue(uuidKey.getMessage().contains("no integer key to range over"), uuidKey.getMessage());

        IllegalArgumentException twoColumns = assertThrows(IllegalArgumentException.class,
                () -> RowChecksum.of(visits(List.of("id", "at"), "integer")).sql(ranged));
        assertTrue(twoColumns.getMessage().contains("(its key is id, at)"), twoColumns.getMessage());

        assertTrue(RowChecksum.of(visits(List.of("id"), "integer")).sql(ranged).contains("t.\"id\" >= ?"));
        // any key will do for the whole model
        assertTrue(RowChecksum.of(visits(List.of("id", "at"), "integer")).sql(ChunkRange.wholeModel(VISITS))
                .endsWith("WHERE t.\"domain\" = CAST(? AS text)"));
    }

    @Test
    void refusesAChunkOfAnotherModelOrRangedOverAnotherColumn() {
        RowChecksum checksum = RowChecksum.of(visits(List.of("id"), "bigint"));

        IllegalArgumentException otherModel = assertThrows(IllegalArgumentException.class,
                () -> checksum.sql(ChunkRange.wholeModel(new TableName("public", "cases"))));
        assertTrue(otherModel.getMessage().contains("is a chunk of public.cases, not of public.visits"),
                otherModel.getMessage());

        IllegalArgumentException otherColumn = assertThrows(IllegalArgumentException.class,
                () -> checksum.sql(new ChunkRange(VISITS, 0, "at", 0L, 10L)));
        assertTrue(otherColumn.getMessage().contains("is a range over column at, but the primary key of public.visits is id"),
                otherColumn.getMessage());
    }
}
