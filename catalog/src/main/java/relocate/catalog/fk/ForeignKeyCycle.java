package relocate.catalog.fk;

import java.util.List;
import java.util.stream.Collectors;

import relocate.catalog.Sql;
import relocate.catalog.TableName;

/**
 * Tables whose foreign keys reference each other in a circle where no constraint is DEFERRABLE: every
 * load order violates one of them, so the domain cannot be loaded as it is.
 *
 * @param tables      the tables on the cycle, by name
 * @param foreignKeys the NOT DEFERRABLE constraints that close it
 */
public record ForeignKeyCycle(List<TableName> tables, List<ForeignKey> foreignKeys) {

    public ForeignKeyCycle {
        tables = List.copyOf(tables);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** What is wrong and what to do, for people. */
    public String describe() {
        String names = tables.stream().map(TableName::toString).collect(Collectors.joining(", "));
        String keys = foreignKeys.stream().map(ForeignKey::describe).collect(Collectors.joining("; "));
        return "the foreign keys between " + names + " form a cycle and none of them is DEFERRABLE (" + keys
                + "), so no load order can satisfy them: make one of these constraints DEFERRABLE (e.g. "
                + example(foreignKeys.get(0)) + ") or exclude one of these models from the migration";
    }

    private static String example(ForeignKey key) {
        return "ALTER TABLE " + key.child().sql() + " ALTER CONSTRAINT " + Sql.ident(key.name()) + " DEFERRABLE";
    }
}
