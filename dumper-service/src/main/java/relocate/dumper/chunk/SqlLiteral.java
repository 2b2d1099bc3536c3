package relocate.dumper.chunk;

import java.util.Objects;

/**
 * The one place where a value is written into SQL text instead of being bound as a parameter.
 *
 * <p>Why: {@code COPY (query) TO STDOUT} takes no parameters (PostgreSQL parses the inner query at COPY
 * time; the extended protocol's binds do not reach it), yet the query must select one domain, and a
 * domain's name may hold quotes, semicolons and backslashes. Everywhere else values are bound.
 *
 * <p>Safety rests on two things: {@link #quote} produces a standard SQL string literal, which is exact
 * only when {@code standard_conforming_strings} is on (the default since PostgreSQL 9.1; the dumper
 * checks it on the connection before each COPY, see {@link #requireStandardStrings}); and
 * {@link #inline} replaces only the {@code ?} placeholders that stand outside quoted identifiers and
 * string literals, and exactly as many as the fragment declares.
 */
public final class SqlLiteral {

    private SqlLiteral() {
    }

    /**
     * {@code o'brien} becomes {@code 'o''brien'}. Inside a standard string literal only the single quote
     * is special, so doubling it is the whole escaping: a backslash or a semicolon is kept as it is.
     *
     * @throws IllegalArgumentException for a NUL character, which no PostgreSQL text value can hold
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a value containing a NUL character cannot be a PostgreSQL string");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * Replaces each {@code ?} placeholder of {@code fragment} (SQL text built by the catalog, with every
     * identifier quoted through {@code Sql.ident}) by {@code literal}. A {@code ?} inside a quoted
     * identifier ({@code "what?"}) or a string literal is text, not a placeholder, and is kept.
     *
     * @param placeholders how many placeholders the fragment has ({@code Selection.parameterCount()});
     *                     any other number found means the fragment is not what we think, and is refused
     * @param literal      an already quoted literal, from {@link #quote}
     */
    public static String inline(String fragment, int placeholders, String literal) {
        StringBuilder sql = new StringBuilder(fragment.length() + placeholders * literal.length());
        int found = 0;
        char quote = 0; // the quote character we are inside of, or 0
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (quote != 0) {
                // a doubled quote inside quotes is an escaped quote: it is appended as two characters and
                // the state toggles twice, which leaves us inside, as it should
                if (c == quote) {
                    quote = 0;
                }
                sql.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                sql.append(c);
            } else if (c == '?') {
                found++;
                sql.append(literal);
            } else {
                sql.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in SQL fragment: " + fragment);
        }
        if (found != placeholders) {
            throw new IllegalArgumentException("expected " + placeholders + " placeholders but found " + found
                    + " in SQL fragment: " + fragment);
        }
        return sql.toString();
    }

    /** Refuses to go on when string literals would treat backslashes as escapes (then {@link #quote} is not exact). */
    static void requireStandardStrings(java.sql.Connection connection) throws java.sql.SQLException {
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT current_setting('standard_conforming_strings')")) {
            result.next();
            if (!"on".equals(result.getString(1))) {
                throw new IllegalStateException("standard_conforming_strings is off on the source database; the "
                        + "dumper needs it on (SET standard_conforming_strings = on, or ALTER DATABASE ... SET it)");
            }
        }
    }
}
