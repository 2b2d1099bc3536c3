package relocate.dumper.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlLiteralTest {

    @Test
    void quotesByDoublingSingleQuotesOnly() {
        assertEquals("'alpha'", SqlLiteral.quote("alpha"));
        assertEquals("''", SqlLiteral.quote(""));
        assertEquals("'o''brien\"; DROP TABLE cases; --'", SqlLiteral.quote("o'brien\"; DROP TABLE cases; --"));
        assertEquals("'back\\slash\\'''", SqlLiteral.quote("back\\slash\\'"), "a backslash is an ordinary character");
        assertEquals("''''''", SqlLiteral.quote("''"));
        assertEquals("'line\nbreak ünïcødé ?'", SqlLiteral.quote("line\nbreak ünïcødé ?"));
    }

    @Test
    void refusesANulCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlLiteral.quote("a\0b"));
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    }

    @Test
    void inlinesEveryPlaceholderOutsideQuotes() {
        String fragment = "FROM \"public\".\"what?\" t WHERE t.\"a\"\"?\" IN (SELECT p1.\"id\" FROM \"x\" p1 "
                + "WHERE p1.\"domain\" = ?) AND t.\"b\" = ?";

        String sql = SqlLiteral.inline(fragment, 2, SqlLiteral.quote("it's ?"));

        assertEquals("FROM \"public\".\"what?\" t WHERE t.\"a\"\"?\" IN (SELECT p1.\"id\" FROM \"x\" p1 "
                + "WHERE p1.\"domain\" = 'it''s ?') AND t.\"b\" = 'it''s ?'", sql);
    }

    @Test
    void refusesAFragmentWithAnotherNumberOfPlaceholders() {
        assertThrows(IllegalArgumentException.class, () -> SqlLiteral.inline("WHERE a = ? AND b = ?", 1, "'x'"));
        assertThrows(IllegalArgumentException.class, () -> SqlLiteral.inline("WHERE \"a?\" = 1", 1, "'x'"));
        assertThrows(IllegalArgumentException.class, () -> SqlLiteral.inline("WHERE \"a = ?", 1, "'x'"));
    }
}
