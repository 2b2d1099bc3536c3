package relocate.catalog.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import relocate.catalog.Column;
import relocate.catalog.Table;
import relocate.catalog.TableName;

class ColumnCompatibilityTest {

    private static final TableName CASES = new TableName("public", "cases");

    private static Column column(String name, String type, boolean notNull, String defaultExpression) {
        return new Column(name, type, notNull, defaultExpression, false, false);
    }

    @Test
    void sameColumnsAreCompatible() {
        Table table = new Table(CASES, List.of(column("id", "integer", true, null)), List.of("id"));
        assertTrue(ColumnCompatibility.compare(table, table).isEmpty());
    }

    @Test
    void extraTargetColumnsAreFineWhenTheyFillThemselves() {
        Table source = new Table(CASES, List.of(column("id", "integer", true, null)), List.of());
        Table target = new Table(CASES, List.of(column("id", "integer", true, null), column("note", "text", false, null),
                column("created", "timestamp with time zone", true, "now()"),
                new Column("seq", "bigint", true, null, true, false)), List.of());
        assertTrue(ColumnCompatibility.compare(source, target).isEmpty());
    }

    @Test
    void everyDifferenceIsListed() {
        Table source = new Table(CASES, List.of(column("id", "integer", true, null), column("name", "text", false, null),
                column("size", "character varying(10)", false, null), column("total", "integer", false, null)),
                List.of());
        Table target = new Table(CASES, List.of(column("id", "integer", true, null),
                column("size", "character varying(20)", false, null), column("owner", "text", true, null),
                new Column("total", "integer", false, null, false, true)), List.of());

        List<ColumnDifference> differences = ColumnCompatibility.compare(source, target);

        assertEquals(List.of(new ColumnDifference.MissingOnTarget("name", "text"),
                new ColumnDifference.TypeDiffers("size", "character varying(10)", "character varying(20)"),
                new ColumnDifference.GeneratedOnTarget("total"),
                new ColumnDifference.RequiredOnTargetOnly("owner", "text")), differences);
        assertEquals("column size is character varying(10) on the source but character varying(20) on the target",
                differences.get(1).describe());
        assertTrue(differences.get(3).describe().contains("NOT NULL without a default"));
    }
}
