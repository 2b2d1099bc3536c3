package relocate.loader.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.TenantSchemas;
import relocate.catalog.TenantSchemas.KeyType;
import relocate.catalog.TestDatabases;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;
import relocate.dumper.chunk.ChunkDump;
import relocate.dumper.chunk.ChunkDumper;
import relocate.dumper.chunk.ChunkPlanner;

/**
 * A tenant of the SaaS fixture schema (tenant root, composite keys, a self-referencing tree whose children have lower
 * ids than their parents) loaded chunk by chunk into a target that already serves two other tenants, so that every
 * constraint stays enforced: on the first try, in key order (children first) and with chunks in parallel, and under
 * a new name.
 */
class TenantSchemasLoadIT {

    private static final TableName LOCATIONS = new TableName("public", "locations");

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"BIGINT", "UUID", "TEXT"})
    void aTenantWithASelfReferenceInTenChunksLoadsIntoASharedTargetAsItIsAndRenamed(KeyType type) throws Exception {
        String name = type.name().toLowerCase();
        String tenant = type.tenant(1);
        try (Connection source = source("schemas_load_src_" + name, type);
             Connection target = sharedTarget("schemas_load_tgt_" + name, type);
             Connection renamedTarget = sharedTarget("schemas_load_renamed_" + name, type)) {
            DomainModel sourceModel = DomainCatalog.read(source, TenantSchemas.TENANT_COLUMN);
            DomainModel targetModel = DomainCatalog.read(target, TenantSchemas.TENANT_COLUMN);
            Map<TableName, ModelStats> others0 = DomainStats.of(target, targetModel, type.tenant(0));
            Map<TableName, ModelStats> others2 = DomainStats.of(target, targetModel, type.tenant(2));
            List<ChunkRange> locationChunks = ChunkPlanner.plan(source,
                    sourceModel.model(LOCATIONS).orElseThrow(), tenant, 10);
            assertEquals(10, locationChunks.size(), locationChunks.toString());
            // a (company_id, id) key chunks by id within the tenant
            List<ChunkRange> clickChunks = ChunkPlanner.plan(source,
                    sourceModel.model(new TableName("public", "clicks")).orElseThrow(), tenant, 100);
            assertEquals(10, clickChunks.size(), clickChunks.toString());
            assertEquals("id", clickChunks.get(0).keyColumn());

            load(source, sourceModel, target, targetModel, tenant, tenant, 1);
            assertEquals(DomainStats.of(source, sourceModel, tenant), DomainStats.of(target, targetModel, tenant));
            assertEquals(others0, DomainStats.of(target, targetModel, type.tenant(0)));
            assertEquals(others2, DomainStats.of(target, targetModel, type.tenant(2)));
            assertEquals(0, ForwardReferences.waitingOn(target, targetModel.model(LOCATIONS).orElseThrow()));
            assertEquals(1, TestDatabases.queryLong(target, "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                    + "'locations'::regclass AND contype = 'f' AND confrelid = conrelid AND convalidated"),
                    "the self-reference stays, enforced and valid");

            // the same tenant under a new key into another shared target, its chunks two at a time: every reference
            // carries the new key
            String renamed = type.unusedTenant();
            load(source, sourceModel, renamedTarget, targetModel, tenant, renamed, 2);
            assertEquals(DomainStats.of(source, sourceModel, tenant),
                    DomainStats.of(renamedTarget, targetModel, renamed, tenant));
            assertEquals(1, TestDatabases.queryLong(renamedTarget, "SELECT count(*) FROM companies WHERE id = CAST(? AS "
                    + type.sql() + ")", renamed));
            assertEquals(200, TestDatabases.queryLong(renamedTarget, "SELECT count(*) FROM click_notes WHERE "
                    + "click_company = CAST(? AS " + type.sql() + ")", renamed));
            assertEquals(0, TestDatabases.queryLong(renamedTarget, "SELECT count(*) FROM companies WHERE id = CAST(? AS "
                    + type.sql() + ")", tenant));
            assertEquals(others0, DomainStats.of(renamedTarget, targetModel, type.tenant(0)));
            assertEquals(0, ForwardReferences.waitingOn(renamedTarget, targetModel.model(LOCATIONS).orElseThrow()));
        }
    }

    @org.junit.jupiter.api.Test
    void anAbortAfterPartOfATreeLoadedLeavesNoRowAndNothingWaiting() throws Exception {
        KeyType type = KeyType.BIGINT;
        String tenant = type.tenant(1);
        try (Connection source = source("schemas_abort_src", type);
             Connection target = sharedTarget("schemas_abort_tgt", type)) {
            DomainModel sourceModel = DomainCatalog.read(source, TenantSchemas.TENANT_COLUMN);
            DomainModel targetModel = DomainCatalog.read(target, TenantSchemas.TENANT_COLUMN);
            Map<TableName, ModelStats> others = DomainStats.of(target, targetModel, type.tenant(0));
            // the root, then the first chunk of the tree: its children wait for parents that never come
            Model companies = sourceModel.model(new TableName("public", "companies")).orElseThrow();
            Model locations = sourceModel.model(LOCATIONS).orElseThrow();
            for (Model model : List.of(companies, locations)) {
                ChunkRange first = ChunkPlanner.plan(source, model, tenant, 10).get(0);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ChunkDump dump = ChunkDumper.dump(source, model, tenant, first, out);
                ForwardReferences.Plan references = ForwardReferences.of(targetModel, model.table());
                if (!references.isEmpty()) {
                    assertTrue(ForwardReferences.ensureLedger(target));
                }
                ChunkLoader.load(target, new Model(model.table(), targetModel.model(model.name()).orElseThrow()
                        .selection()), tenant, tenant, first, new ByteArrayInputStream(out.toByteArray()), dump.rows(),
                        references);
            }
            assertTrue(TestDatabases.queryLong(target, "SELECT count(*) FROM relocate.forward_references") > 0);

            relocate.catalog.rows.DomainRows.delete(target, targetModel, tenant);
            ForwardReferences.forgetDeleted(target, targetModel);

            assertEquals(0, TestDatabases.queryLong(target, "SELECT count(*) FROM relocate.forward_references"));
            assertEquals(0, DomainStats.of(target, targetModel, tenant).values().stream().mapToLong(ModelStats::rows)
                    .sum());
            assertEquals(others, DomainStats.of(target, targetModel, type.tenant(0)));
        }
    }

    /** A source holding tenant 1 (slot 1), with 1,000 clicks and a tree of 100 locations. */
    private static Connection source(String database, KeyType type) throws Exception {
        Connection source = TestDatabases.connect(TestDatabases.create(database));
        TenantSchemas.create(source, type);
        TenantSchemas.seed(source, type, type.tenant(1), 1, 1000);
        return source;
    }

    /** A target that already serves two other tenants: every constraint stays enforced while a tenant loads. */
    private static Connection sharedTarget(String database, KeyType type) throws Exception {
        Connection target = TestDatabases.connect(TestDatabases.create(database));
        TenantSchemas.create(target, type);
        TenantSchemas.seed(target, type, type.tenant(0), 3, 300);
        TenantSchemas.seed(target, type, type.tenant(2), 4, 300);
        return target;
    }

    /** Loads every model in load order, its chunks in key order, {@code parallel} chunks at a time. */
    private static void load(Connection source, DomainModel sourceModel, Connection target, DomainModel targetModel,
                             String tenant, String as, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (Model model : sourceModel.models()) {
                Model onTarget = new Model(model.table(), targetModel.model(model.name()).orElseThrow().selection());
                ForwardReferences.Plan references = ForwardReferences.of(targetModel, model.table());
                if (!references.isEmpty()) {
                    assertTrue(ForwardReferences.ensureLedger(target));
                }
                List<Future<Long>> loads = new ArrayList<>();
                for (ChunkRange range : ChunkPlanner.plan(source, model, tenant, 10)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ChunkDump dump = ChunkDumper.dump(source, model, tenant, range, out);
                    loads.add(pool.submit(() -> {
                        try (Connection own = TestDatabases.connect(target.getCatalog())) {
                            return ChunkLoader.load(own, onTarget, as, tenant, range,
                                    new ByteArrayInputStream(out.toByteArray()), dump.rows(), references);
                        }
                    }));
                }
                for (Future<Long> load : loads) {
                    load.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
