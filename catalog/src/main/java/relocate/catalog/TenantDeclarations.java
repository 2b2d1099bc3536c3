package relocate.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an environment declares about its schema where the catalog cannot tell, so that every migration of that
 * environment reads its domains alike:
 *
 * @param roots      tenant roots the foreign keys do not reveal: a table whose one-column key IS the domain's key,
 *                   and that column ({@code public.companies -> id})
 * @param selectedBy tables whose rows are a domain's by a column of another name than the tenant column, and that
 *                   column ({@code public.invoices -> billing_company})
 * @param globals    tables shared by every domain: never moved, whatever columns they have
 * @param ignored    tables left alone: not moved, not checked
 */
public record TenantDeclarations(Map<TableName, String> roots, Map<TableName, String> selectedBy,
                                 Set<TableName> globals, Set<TableName> ignored) {

    public static final TenantDeclarations NONE = new TenantDeclarations(Map.of(), Map.of(), Set.of(), Set.of());

    /** The kinds of declaration, as the text form and the CLI name them. */
    public enum Kind {
        ROOT("root", true), SELECT("select", true), GLOBAL("global", false), IGNORE("ignore", false);

        private final String word;
        private final boolean column;

        Kind(String word, boolean column) {
            this.word = word;
            this.column = column;
        }

        /** {@code root}, {@code select}, {@code global}, {@code ignore}. */
        public String word() {
            return word;
        }

        /** Whether it names a column ({@code public.companies.id}) rather than a table. */
        public boolean namesColumn() {
            return column;
        }
    }

    public TenantDeclarations {
        roots = Map.copyOf(roots);
        selectedBy = Map.copyOf(selectedBy);
        globals = Set.copyOf(globals);
        ignored = Set.copyOf(ignored);
    }

    public boolean isEmpty() {
        return roots.isEmpty() && selectedBy.isEmpty() && globals.isEmpty() && ignored.isEmpty();
    }

    /** A copy with one more declaration; {@code target} is {@code schema.table} or {@code schema.table.column}. */
    public TenantDeclarations with(Kind kind, String target) {
        Objects.requireNonNull(target, "target");
        Map<TableName, String> newRoots = new TreeMap<>(roots);
        Map<TableName, String> newSelected = new TreeMap<>(selectedBy);
        Set<TableName> newGlobals = new TreeSet<>(globals);
        Set<TableName> newIgnored = new TreeSet<>(ignored);
        if (kind.namesColumn()) {
            int dot = target.lastIndexOf('.');
            if (dot <= 0 || dot == target.length() - 1 || target.indexOf('.') == dot) {
                throw new IllegalArgumentException("--" + kind.word() + " '" + target + "' names no column: give "
                        + "schema.table.column, for example public.companies.id");
            }
            TableName table = TableName.parse(target.substring(0, dot));
            (kind == Kind.ROOT ? newRoots : newSelected).put(table, target.substring(dot + 1));
        } else {
            TableName table = parseTable(kind, target);
            (kind == Kind.GLOBAL ? newGlobals : newIgnored).add(table);
        }
        return new TenantDeclarations(newRoots, newSelected, newGlobals, newIgnored);
    }

    private static TableName parseTable(Kind kind, String target) {
        try {
            return TableName.parse(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + kind.word() + " '" + target + "' is not a schema-qualified table "
                    + "name such as public.countries");
        }
    }

    /**
     * The one text form, for storage and the wire: {@code root public.companies.id; global public.countries}, the
     * declarations sorted by kind then name; empty for none. A name holding {@code ;} cannot be declared.
     */
    public String format() {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(roots).forEach((table, column) -> parts.add(Kind.ROOT.word() + " " + table + "." + column));
        new TreeMap<>(selectedBy).forEach((table, column) -> parts.add(Kind.SELECT.word() + " " + table + "." + column));
        new TreeSet<>(globals).forEach(table -> parts.add(Kind.GLOBAL.word() + " " + table));
        new TreeSet<>(ignored).forEach(table -> parts.add(Kind.IGNORE.word() + " " + table));
        return String.join("; ", parts);
    }

    /** Reads {@link #format()}'s text; null or blank is none. */
    public static TenantDeclarations parse(String text) {
        TenantDeclarations declarations = NONE;
        if (text == null || text.isBlank()) {
            return declarations;
        }
        for (String part : text.split(";")) {
            String entry = part.strip();
            int space = entry.indexOf(' ');
            String word = space < 0 ? entry : entry.substring(0, space);
            Kind kind = java.util.Arrays.stream(Kind.values()).filter(k -> k.word().equals(word)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + entry + "' is no declaration: each starts with "
                            + "root, select, global or ignore"));
            declarations = declarations.with(kind, space < 0 ? "" : entry.substring(space + 1).strip());
        }
        return declarations;
    }

    /** What does not fit {@code tables} (the database's): a declared table or column that is not there. */
    public List<String> problems(Map<TableName, Table> tables) {
        List<String> problems = new ArrayList<>();
        checkColumns(Kind.ROOT, roots, tables, problems);
        checkColumns(Kind.SELECT, selectedBy, tables, problems);
        for (TableName table : new TreeSet<>(globals)) {
            checkTable(Kind.GLOBAL, table, tables, problems);
        }
        for (TableName table : new TreeSet<>(ignored)) {
            checkTable(Kind.IGNORE, table, tables, problems);
        }
        roots.forEach((table, column) -> {
            Table found = tables.get(table);
            if (found != null && !found.primaryKey().equals(List.of(column))) {
                problems.add("tenant root " + table + " must have " + column + " as its whole primary key (it has "
                        + (found.primaryKey().isEmpty() ? "none" : String.join(", ", found.primaryKey())) + ")");
            }
        });
        return problems;
    }

    private static void checkColumns(Kind kind, Map<TableName, String> declared, Map<TableName, Table> tables,
                                     List<String> problems) {
        new TreeMap<>(declared).forEach((table, column) -> {
            if (checkTable(kind, table, tables, problems) && !tables.get(table).hasColumn(column)) {
                problems.add("the " + kind.word() + " declaration names column " + column + " of " + table
                        + ", which has no such column (it has " + String.join(", ", tables.get(table).columnNames()) + ")");
            }
        });
    }

    private static boolean checkTable(Kind kind, TableName table, Map<TableName, Table> tables, List<String> problems) {
        if (tables.containsKey(table)) {
            return true;
        }
        problems.add("the " + kind.word() + " declaration names table " + table + ", which this database does not have");
        return false;
    }
}
