package relocate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void identQuotesAndDoublesEmbeddedQuotes() {
        assertEquals("\"cases\"", Sql.ident("cases"));
        assertEquals("\"Case Index\"", Sql.ident("Case Index"));
        assertEquals("\"we\"\"ird\"\";drop\"", Sql.ident("we\"ird\";drop"));
    }

    @Test
    void qualifiedQuotesSchemaAndTable() {
        assertEquals("\"public\".\"cases\"", Sql.qualified("public", "cases"));
        assertEquals("\"a\"\"b\".\"c.d\"", Sql.qualified("a\"b", "c.d"));
    }

    @Test
    void columnsUseARowOnlyForSeveralColumns() {
        assertEquals("t.\"id\"", Sql.columns("t", List.of("id")));
        assertEquals("(t.\"a\", t.\"b\")", Sql.columns("t", List.of("a", "b")));
    }

    @Test
    void identRefusesEmptyAndNul() {
        assertThrows(IllegalArgumentException.class, () -> Sql.ident(""));
        assertThrows(IllegalArgumentException.class, () -> Sql.ident("a\0b"));
    }

    @Test
    void tableNameShowsPlainAndQuotesForSql() {
        TableName name = new TableName("public", "cases");
        assertEquals("public.cases", name.toString());
        assertEquals("\"public\".\"cases\"", name.sql());
    }
}
