package relocate.catalog.selection;

/** What one table of the database is to the domains, as PREFLIGHT and {@code relocate stats} show it. */
public enum TableRole {
    /** Has the tenant column: moves with the domain. */
    TENANT("tenant table"),
    /** Its one-column primary key is the domain's key (found from foreign keys, or declared): the domain's own row. */
    TENANT_ROOT("tenant root"),
    /** Holds the domain's key under another column name (referencing a root's key, or declared with --select). */
    SELECTED_BY_COLUMN("selected by a column"),
    /** Belongs to the domain through foreign keys to tables that hold the key. */
    REACHED("reached through foreign keys"),
    /** Referenced by the domain's tables, or declared global: shared by every domain, never moved. */
    GLOBAL("global"),
    /** Declared ignored: left alone. */
    IGNORED("ignored"),
    /** None of the above: not moved. */
    UNRELATED("not related");

    private final String describe;

    TableRole(String describe) {
        this.describe = describe;
    }

    /** For people: {@code tenant root}. */
    public String describe() {
        return describe;
    }

    /** Whether the domain's rows in such a table move with it. */
    public boolean moves() {
        return this == TENANT || this == TENANT_ROOT || this == SELECTED_BY_COLUMN || this == REACHED;
    }
}
