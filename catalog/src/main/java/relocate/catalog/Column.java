package relocate.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One column of a table.
 *
 * @param name              as the catalog spells it
 * @param type              PostgreSQL's own text for the type ({@code format_type}), e.g.
 *                          {@code character varying(100)}, {@code timestamp with time zone}, {@code integer[]}
 * @param notNull           whether the column is declared NOT NULL
 * @param defaultExpression the column's default as SQL text, or null when it has none
 * @param identity          whether the column is an identity column (it then needs no value on insert)
 * @param generated         whether the column is a stored generated column (it can never be given a value)
 */
public record Column(String name, String type, boolean notNull, String defaultExpression, boolean identity,
                     boolean generated) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    // a type modifier as format_type prints it: varchar(24), numeric(12, 2), timestamp(3) with time zone
    private static final Pattern MODIFIER = Pattern.compile("\\(\\d+(, ?\\d+)?\\)");

    /**
     * The type without its modifiers, which a value is cast to: {@code character varying}, {@code numeric}; a
     * cast to {@code character varying(3)} would silently cut {@code 'acme'} to {@code 'acm'}.
     * {@code character(n)} becomes {@code bpchar}, since {@code character} alone means {@code character(1)}.
     */
    public String baseType() {
        String base = MODIFIER.matcher(type).replaceFirst("");
        return base.equals("character") ? "bpchar" : base;
    }

    /** Whether a row can be inserted without a value for this column. */
    public boolean fillsItself() {
        return !notNull || defaultExpression != null || identity || generated;
    }
}
