package relocate.dumper.preflight;

import relocate.catalog.connect.ReadOnlyTransaction;
import relocate.catalog.connect.DatabaseFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.TenantDeclarations;
import relocate.catalog.compat.ColumnCompatibility;
import relocate.catalog.compat.ColumnDifference;
import relocate.catalog.fk.ForeignKeyCycle;
import relocate.catalog.rows.RowCounter;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.Classification;
import relocate.catalog.selection.Selection;
import relocate.catalog.selection.TenantValue;
import relocate.schemas.ModelInfo;
import relocate.schemas.PreflightReport;
import relocate.schemas.Problem;
import relocate.schemas.TableClass;

/**
 * Checks that a domain can move from a source database to a target database, and describes it: its
 * models with their row counts on the source, their load order, and every problem found, each with a
 * stable code and a message that says what to do.
 *
 * <p>Preflight only reads: each database is read in a READ ONLY transaction that is rolled back; asked to
 * ({@code --copy-missing-globals}), it also copies the global rows the domain references that the target lacks.
 * A problem is an answer (the report lists it); a {@link DatabaseFailure} means preflight could not
 * look (a database could not be read).
 */
public final class Preflight {

    public static final String DOMAIN_NOT_FOUND = "DOMAIN_NOT_FOUND";
    public static final String MODEL_MISSING_ON_TARGET = "MODEL_MISSING_ON_TARGET";
    public static final String INCOMPATIBLE_COLUMNS = "INCOMPATIBLE_COLUMNS";
    public static final String DOMAIN_PRESENT_ON_TARGET = "DOMAIN_PRESENT_ON_TARGET";
    public static final String FOREIGN_KEY_CYCLE = "FOREIGN_KEY_CYCLE";
    public static final String INVALID_DOMAIN = "INVALID_DOMAIN";
    public static final String UNCLASSIFIED_TABLE = "UNCLASSIFIED_TABLE";
    public static final String BAD_DECLARATION = "BAD_DECLARATION";
    public static final String GLOBAL_ROWS_MISSING = "GLOBAL_ROWS_MISSING";

    private final String domain;
    private final String tenantColumn;
    private final TenantDeclarations declarations;
    private final boolean copyMissingGlobals;
    private final String domainOnTarget;
    private final String sourceName;
    private final String source;
    private final String target;
    private final List<Problem> problems = new ArrayList<>();

    private Preflight(String domain, String tenantColumn, String sourceName, String targetName, Options options) {
        this.declarations = options.declarations();
        this.copyMissingGlobals = options.copyMissingGlobals();
        this.domainOnTarget = options.newName() == null ? domain : options.newName();
        this.domain = Objects.requireNonNull(domain, "domain");
        this.tenantColumn = Objects.requireNonNull(tenantColumn, "tenantColumn");

        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.source = "source '" + sourceName + "'";
        this.target = "target '" + Objects.requireNonNull(targetName, "targetName") + "'";
    }

    /**
     * @param tenantColumn the column that names the domain in the application's tables, e.g. {@code domain}
     * @param sourceName   the source environment's name, as messages should call it
     * @param targetName   the target environment's name
     * @throws DatabaseFailure when a database cannot be read
     */
    public static PreflightReport check(Connection source, Connection target, String domain, String tenantColumn,
                                        String sourceName, String targetName) {
        return check(source, target, domain, tenantColumn, sourceName, targetName, Options.NONE);
    }

    /**
     * What a migration asks of preflight beyond the domain and its environments.
     *
     * @param declarations       what the source environment declares about its schema ({@code env add --tenant-root}
     *                           and the others)
     * @param newName            the domain's name on the target ({@code --new-name}); null for its own. The target is
     *                           checked for rows under that name: an abort deletes the domain's rows there by it
     * @param copyMissingGlobals copy the global rows the domain references that the target lacks, never overwriting a
     *                           row there ({@code --copy-missing-globals}): the one write preflight may make, asked for
     */
    public record Options(TenantDeclarations declarations, String newName, boolean copyMissingGlobals) {
        public static final Options NONE = new Options(TenantDeclarations.NONE, null, false);

        public Options {
            Objects.requireNonNull(declarations, "declarations");
        }
    }

    public static PreflightReport check(Connection source, Connection target, String domain, String tenantColumn,
                                        String sourceName, String targetName, Options options) {
        return new Preflight(domain, tenantColumn, sourceName, targetName, options).run(source, target);
    }

    private PreflightReport run(Connection sourceConnection, Connection targetConnection) {
        SourceView onSource = read(sourceConnection, source, connection -> {
            DomainModel model = DomainCatalog.read(connection, tenantColumn, declarations);
            model.classification().badDeclarations().forEach(problem ->
                    problem(BAD_DECLARATION, null, "environment '" + sourceName + "': " + problem
                            + "; correct it by registering the environment again (relocate env add " + sourceName
                            + " with its settings and the corrected declarations)"));
            try {
                TenantValue.check(connection, model, domain, source);
            } catch (TenantValue.Invalid invalid) {
                problem(INVALID_DOMAIN, null, invalid.getMessage());
                return null;
            }
            return new SourceView(model, RowCounter.countAll(connection, model, domain));
        });
        if (onSource == null) {
            return PreflightReport.newBuilder().setModels(new ArrayList<>()).setLoadOrder(new ArrayList<>())
                    .setProblems(new ArrayList<>(problems)).build();
        }
        checkDomainExists(onSource);
        onSource.model().cycles().forEach(this::reportCycle);
        onSource.model().classification().unreached().forEach(this::reportUnreached);

        Map<TableName, Table> targetTables = read(targetConnection, target, connection -> {
            Map<TableName, Table> tables = DomainCatalog.readTables(connection);
            for (Model model : onSource.model().models()) {
                checkTarget(connection, model, tables);
            }
            try {
                TenantValue.check(connection, DomainCatalog.read(connection, tenantColumn), domainOnTarget, target);
            } catch (TenantValue.Invalid invalid) {
                problem(INVALID_DOMAIN, null, invalid.getMessage());
            }
            return tables;
        });
        read(sourceConnection, source, connection -> {
            checkGlobalRows(connection, targetConnection, onSource.model(), targetTables);
            return null;
        });

        List<ModelInfo> models = onSource.model().models().stream()
                .map(model -> ModelInfo.newBuilder()
                        .setName(model.name().toString())
                        .setSelection(model.selection().describe())
                        .setRows(onSource.rows().get(model.name()))
                        .setColumns(new ArrayList<>(model.table().columnNames()))
                        .build())
                .toList();
        return PreflightReport.newBuilder()
                .setModels(new ArrayList<>(models))
                .setLoadOrder(onSource.model().loadOrder().stream().map(TableName::toString)
                        .collect(Collectors.toCollection(ArrayList::new)))
                .setProblems(new ArrayList<>(problems))
                .setTables(onSource.model().classification().roles().entrySet().stream()
                        .map(role -> TableClass.newBuilder().setName(role.getKey().toString())
                                .setRole(role.getValue().describe()).build())
                        .collect(Collectors.toCollection(ArrayList::new)))
                .build();
    }

    private void reportUnreached(Classification.Unreached unreached) {
        String table = unreached.table().toString();
        problem(UNCLASSIFIED_TABLE, table, "table " + table + " on " + source + " is not part of domain '" + domain
                + "', yet its column " + unreached.column() + " looks like a reference to it (" + unreached.why()
                + "): its rows would stay behind. Declare what it is on environment '" + sourceName + "' (relocate env "
                + "add " + sourceName + " again, with its settings and one of): --select " + table + "."
                + unreached.column() + " (its rows are the "
                + "domain's by that column), --global " + table + " (shared by every domain) or --ignore " + table
                + " (leave it); or declare the foreign key in the schema");
    }

    private void checkGlobalRows(Connection sourceConnection, Connection targetConnection, DomainModel model,
                                 Map<TableName, Table> targetTables) throws SQLException {
        for (relocate.catalog.fk.ForeignKey key : model.foreignKeys()) {
            if (model.model(key.child()).isPresent() && model.model(key.parent()).isEmpty()
                    && !targetTables.containsKey(key.parent())) {
                problem(GLOBAL_ROWS_MISSING, key.parent().toString(), "table " + key.parent() + ", which domain '"
                        + domain + "' references (" + key.describe() + "), is missing on " + target + ": create it "
                        + "there with the rows the domain uses");
            }
        }
        if (copyMissingGlobals) {
            try {
                GlobalRows.copyMissing(sourceConnection, targetConnection, model, domain, targetTables);
            } catch (SQLException e) {
                problem(GLOBAL_ROWS_MISSING, null, "could not copy the global rows domain '" + domain + "' references "
                        + "to " + target + " (" + e.getMessage() + "): a global row may reference another the target "
                        + "lacks; add them there by hand");
            }
        }
        for (GlobalRows.Missing missing : GlobalRows.missing(sourceConnection, targetConnection, model, domain,
                targetTables)) {
            problem(GLOBAL_ROWS_MISSING, missing.key().parent().toString(), target + " lacks " + missing.count()
                    + " row" + (missing.count() == 1 ? "" : "s") + " of the global table " + missing.key().parent()
                    + " that domain '" + domain + "' references through " + missing.key().describe() + " (first: "
                    + String.join(", ", missing.first()) + "): add them to the target before migrating (or create the "
                    + "migration with --copy-missing-globals), or the load would fail on that foreign key");
        }
    }

    private record SourceView(DomainModel model, Map<TableName, Long> rows) {
    }

    private void checkDomainExists(SourceView onSource) {
        List<TableName> tenantTables = onSource.model().tenantTables();
        if (tenantTables.isEmpty()) {
            problem(DOMAIN_NOT_FOUND, null, "no table on " + source + " has the tenant column \"" + tenantColumn
                    + "\" (every schema except PostgreSQL's own was searched), so domain '" + domain
                    + "' cannot be found there: check the tenant column configured for environment '" + sourceName
                    + "' and that its JDBC URL points at the application's database");
            return;
        }
        long rows = onSource.model().models().stream()
                .filter(model -> model.selection() instanceof ByTenantColumn)
                .mapToLong(model -> onSource.rows().get(model.name()))
                .sum();
        if (rows == 0) {
            problem(DOMAIN_NOT_FOUND, null, "domain '" + domain + "' has no rows on " + source + ": none of the "
                    + tenantTables.size() + " tables with the tenant column \"" + tenantColumn + "\" ("
                    + names(tenantTables) + ") holds a row where " + tenantColumn + " = '" + domain
                    + "'. Check the domain's name (it is case-sensitive) and that this is the right source environment");
        }
    }

    private void reportCycle(ForeignKeyCycle cycle) {
        problem(FOREIGN_KEY_CYCLE, cycle.tables().get(0).toString(), "on " + source + ", " + cycle.describe());
    }

    private void checkTarget(Connection connection, Model model, Map<TableName, Table> targetTables)
            throws SQLException {
        String name = model.name().toString();
        Table onTarget = targetTables.get(model.name());
        if (onTarget == null) {
            problem(MODEL_MISSING_ON_TARGET, name, "table " + name + " of domain '" + domain + "' is missing on "
                    + target + ": create the application's schema there (run the same migrations as on " + source
                    + ") or exclude model " + name + " from the migration");
            return;
        }
        List<ColumnDifference> differences = ColumnCompatibility.compare(model.table(), onTarget);
        if (!differences.isEmpty()) {
            problem(INCOMPATIBLE_COLUMNS, name, "table " + name + " differs between " + source + " and " + target
                    + ": " + differences.stream().map(ColumnDifference::describe).collect(Collectors.joining("; "))
                    + ". Bring the target's schema to the source's version (run the same migrations) or exclude model "
                    + name + " from the migration");
        }
        if (canSelectOn(model.selection(), targetTables)) {
            long rows = RowCounter.count(connection, model.selection(), domainOnTarget);
            if (rows > 0) {
                String which = domainOnTarget.equals(domain) ? "domain '" + domain + "'"
                        : "domain '" + domainOnTarget + "' (the new name given for '" + domain + "')";
                problem(DOMAIN_PRESENT_ON_TARGET, name, target + " already holds " + rows + " row"
                        + (rows == 1 ? "" : "s") + " of " + which + " in " + name + ": an abort would delete them. "
                        + "Choose a name that is free there, remove that domain from the target, or choose another "
                        + "target environment");
            }
        }
    }

    /** Whether the target has every table and column the selection reads, so that counting there is meaningful. */
    private static boolean canSelectOn(Selection selection, Map<TableName, Table> targetTables) {
        for (Map.Entry<TableName, Set<String>> required : selection.requiredColumns().entrySet()) {
            Table table = targetTables.get(required.getKey());
            if (table == null || !table.columnNames().containsAll(required.getValue())) {
                return false;
            }
        }
        return true;
    }

    private void problem(String code, String model, String message) {
        problems.add(Problem.newBuilder().setCode(code).setModel(model).setMessage(message).build());
    }

    private static String names(List<TableName> tables) {
        return tables.stream().map(TableName::toString).collect(Collectors.joining(", "));
    }

    /** Reads in a read-only transaction, and explains a failure in the environment's terms. */
    private static <T> T read(Connection connection, String where, ReadOnlyTransaction.Work<T> work) {
        try {
            return ReadOnlyTransaction.run(connection, work);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08")) {
                return failWith(new DatabaseFailure(DatabaseFailure.Reason.UNREACHABLE, "lost the connection to "
                        + where + " during preflight (" + e.getMessage() + "): check that its database is running, "
                        + "then retry", true, e));
            }
            if (state.equals("42501")) {
                return failWith(new DatabaseFailure(DatabaseFailure.Reason.READ_FAILED, "the user of " + where
                        + " may not read everything preflight needs (" + e.getMessage() + "): grant it SELECT on the "
                        + "application's tables, or configure a user that has it", false, e));
            }
            return failWith(new DatabaseFailure(DatabaseFailure.Reason.READ_FAILED, "preflight could not read "
                    + where + ": " + e.getMessage() + " (SQLState " + state + ")", false, e));
        }
    }

    private static <T> T failWith(DatabaseFailure failure) {
        throw failure;
    }
}
