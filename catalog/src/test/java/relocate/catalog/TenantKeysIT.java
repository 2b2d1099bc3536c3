package relocate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.catalog.TenantSchemas.KeyType;
import relocate.catalog.rows.RowCounter;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.TenantValue;
import relocate.catalog.selection.ThroughForeignKeys;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;

/** A domain's models, counts and stats on schemas whose tenant key is not text, and a tenant root table. */
class TenantKeysIT {

    private static TableName table(String name) {
        return new TableName("public", name);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void theTenantRootAndEveryTenantTableAreModelsComparedInTheKeysOwnType(KeyType type) throws Exception {
        try (Connection app = TestDatabases.connect(TestDatabases.create("tenant_keys_" + type.name().toLowerCase()))) {
            TenantSchemas.create(app, type);
            for (int slot = 0; slot < 3; slot++) {
                TenantSchemas.seed(app, type, type.tenant(slot), slot, 200 + slot);
            }
            DomainModel domain = DomainCatalog.read(app, TenantSchemas.TENANT_COLUMN);

            assertEquals(TenantSchemas.TENANT_TABLES.stream().sorted().toList(),
                    domain.loadOrder().stream().map(TableName::name).sorted().toList(), "countries is global");
            assertEquals(table("companies"), domain.loadOrder().get(0), "the root loads first");
            ByTenantColumn root = assertInstanceOf(ByTenantColumn.class,
                    domain.model(table("companies")).orElseThrow().selection());
            String baseType = type == KeyType.VARCHAR ? "character varying" : type.sql();
            assertEquals("id", root.tenantKey().column());
            assertEquals(baseType, root.tenantKey().type(), "no modifier: a cast to varchar(n) would cut the key");
            assertEquals(baseType, domain.model(table("clicks")).orElseThrow().selection().tenantKey().type());
            assertInstanceOf(ThroughForeignKeys.class, domain.model(table("click_notes")).orElseThrow().selection());

            Map<TableName, Long> counts = RowCounter.countAll(app, domain, type.tenant(1));
            assertEquals(Map.of(table("companies"), 1L, table("campaigns"), 2L, table("ads"), 20L,
                    table("clicks"), 201L, table("locations"), 20L, table("click_notes"), 40L, table("events"), 20L),
                    counts);

            Map<TableName, ModelStats> stats = DomainStats.of(app, domain, type.tenant(1));
            assertEquals(counts.keySet(), stats.keySet());
            stats.forEach((model, s) -> assertEquals(counts.get(model), s.rows(), model.toString()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"INTEGER", "BIGINT", "UUID"})
    void aDomainThatIsNoValueOfTheKeysTypeIsRefusedWithTheTypeNamed(KeyType type) throws Exception {
        try (Connection app = TestDatabases.connect(TestDatabases.create("tenant_values_"
                + type.name().toLowerCase()))) {
            TenantSchemas.create(app, type);
            DomainModel domain = DomainCatalog.read(app, TenantSchemas.TENANT_COLUMN);

            TenantValue.Invalid invalid = assertThrows(TenantValue.Invalid.class,
                    () -> TenantValue.check(app, domain, "abc", "source 'eu'"));
            assertTrue(invalid.getMessage().startsWith("'abc' is not a value of type " + type.sql()
                    + ", the type of the domain's key on source 'eu'"), invalid.getMessage());
            TenantValue.check(app, domain, type.tenant(0), "source 'eu'");

            // inside a transaction the refusal leaves it usable
            app.setAutoCommit(false);
            assertThrows(TenantValue.Invalid.class, () -> TenantValue.check(app, domain, "abc", "source 'eu'"));
            assertEquals(List.of(0L), List.of(RowCounter.count(app, domain.model(table("clicks")).orElseThrow()
                    .selection(), type.tenant(0))));
            app.rollback();
            app.setAutoCommit(true);
        }
    }
}
