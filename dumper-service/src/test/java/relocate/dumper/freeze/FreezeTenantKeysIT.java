package relocate.dumper.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.TableName;
import relocate.catalog.TenantSchemas;
import relocate.catalog.TenantSchemas.KeyType;
import relocate.catalog.TestDatabases;

/**
 * The freeze on schemas whose tenant key is text, an integer, a bigint or a uuid, with a tenant root: on every
 * model, a write of the frozen tenant is refused and a write of another tenant passes.
 */
class FreezeTenantKeysIT {

    private static final String MIGRATION = "5d0b6c2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f";

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void onEveryModelTheFrozenTenantIsRefusedAndTheOthersWrite(KeyType type) throws Exception {
        String database = TestDatabases.create("freeze_keys_" + type.name().toLowerCase());
        try (Connection source = TestDatabases.connect(database);
             Connection app = TestDatabases.connect(database)) {
            TenantSchemas.create(source, type);
            for (int slot = 0; slot < 3; slot++) {
                TenantSchemas.seed(source, type, type.tenant(slot), slot, 50);
            }
            DomainModel model = DomainCatalog.read(source, TenantSchemas.TENANT_COLUMN);
            assertEquals(TenantSchemas.TENANT_TABLES.size(), model.models().size(), model.loadOrder().toString());
            String frozen = type.tenant(1);

            assertEquals(model.models().size(), Freeze.install(source, model, frozen, MIGRATION).size());

            for (Model each : model.models()) {
                for (String other : List.of(type.tenant(0), type.tenant(2))) {
                    assertEquals(1, touchOneRow(app, each, other), each.name() + " of " + other + " writes");
                }
                SQLException refused = assertThrows(SQLException.class, () -> touchOneRow(app, each, frozen),
                        each.name() + " of the frozen tenant");
                assertEquals(Freeze.REFUSED_SQLSTATE, refused.getSQLState(), refused.getMessage());
            }
            // a new tenant of the root table, and a new row of another tenant in a tenant table
            TestDatabases.execute(app, "INSERT INTO companies VALUES (CAST(" + literal(type.unusedTenant()) + " AS "
                    + type.sql() + "), 'new', 'NL')");
            TestDatabases.execute(app, "INSERT INTO events VALUES (CAST(" + literal(type.tenant(0)) + " AS "
                    + type.sql() + "), 'late', now())");
            SQLException refused = assertThrows(SQLException.class, () -> TestDatabases.execute(app,
                    "INSERT INTO events VALUES (CAST(" + literal(frozen) + " AS " + type.sql() + "), 'late', now())"));
            assertTrue(refused.getMessage().contains(MIGRATION), refused.getMessage());

            Freeze.remove(source, MIGRATION);
            assertEquals(1, touchOneRow(app, model.model(new TableName("public", "clicks")).orElseThrow(), frozen));
        }
    }

    /** Updates one of the tenant's rows of the model to itself: the row trigger sees it leave and enter. */
    private static int touchOneRow(Connection app, Model model, String tenant) throws SQLException {
        String column = Sql.ident(model.columns().get(model.columns().size() - 1).name());
        try (PreparedStatement update = app.prepareStatement("UPDATE " + model.name().sql() + " SET " + column + " = "
                + column + " WHERE ctid = (SELECT t.ctid " + model.selection().fromWhere() + " LIMIT 1)")) {
            model.selection().bindDomain(update, 1, tenant);
            return update.executeUpdate();
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
