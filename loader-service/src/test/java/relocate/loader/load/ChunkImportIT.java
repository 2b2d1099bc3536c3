package relocate.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.store.FileArtifactStore;
import relocate.artifacts.verify.ChunkCorrupted;
import relocate.artifacts.verify.VerifyingInputStream;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.Tenancy;
import relocate.catalog.TestDatabases;
import relocate.catalog.selection.ModelFilter;
import relocate.dumper.chunk.ChunkDump;
import relocate.dumper.chunk.ChunkExport;
import relocate.dumper.manifest.ManifestSeal;
import relocate.dumper.offline.OfflineDump;
import relocate.dumper.plan.DumpPlan;
import relocate.loader.copy.ChunkLoadFailure;
import relocate.loader.offline.OfflineLoad;
import relocate.loader.verify.TargetVerification;
import relocate.loader.verify.VerifyReport;

/** A domain dumped from a real source with its chunks compressed, loaded from the store into real targets. */
class ChunkImportIT {
    private static final Tenancy TENANCY = Tenancy.of("domain");

    private static final String SUBMISSIONS = """
            CREATE TABLE submissions (id bigint PRIMARY KEY, domain text NOT NULL, xmlns text NOT NULL,
                received_on timestamptz NOT NULL, data jsonb NOT NULL);
            """;
    private static final TableName SUBMISSIONS_TABLE = new TableName("public", "submissions");

    private static Connection source;
    private static int targets;

    @TempDir
    Path work;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("chunk_import_source"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
        // forms as the sample application has them: what a real chunk of COPY data looks like
        TestDatabases.execute(source, SUBMISSIONS + """
                INSERT INTO submissions (id, domain, xmlns, received_on, data)
                SELECT g, CASE WHEN g % 10 = 0 THEN 'beta' ELSE 'alpha' END, 'http://openrosa.org/formdesigner/' || (g % 7),
                       timestamptz '2024-01-01' + g * interval '10 seconds',
                       jsonb_build_object('visit', g, 'weight_kg', 3 + (g % 40) / 10.0,
                           'notes', repeat('observed ', (1 + g % 20)::int), 'village', 'v' || (g % 97))
                FROM generate_series(1, 22000) g;
                """);
    }

    @AfterAll
    static void close() throws SQLException {
        if (source != null) {
            source.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void aDomainDumpedCompressedLoadsToTheSameRowsAndChecksums(ChunkCompression compression) throws Exception {
        FileArtifactStore store = new FileArtifactStore(work.resolve("store"), compression);
        Manifest manifest = dump(store, "m-" + compression.setting());
        assertTrue(manifest.chunks().stream().allMatch(c -> c.compression() == compression), compression.setting());

        try (Connection target = newTarget()) {
            for (ManifestChunk chunk : manifest.chunks()) {
                assertEquals(chunk.rows(), ChunkImport.load(target, store, manifest, chunk.range(), "alpha", TENANCY),
                        chunk.describe());
            }

            VerifyReport report = TargetVerification.verify(target, source, manifest, List.of(), "alpha", TENANCY, TENANCY);
            assertTrue(report.isClean(), report.describe());
            assertEquals(19_800, count(target, "SELECT count(*) FROM submissions WHERE domain = 'alpha'"));
            String content = "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM submissions t WHERE domain = 'alpha'";
            assertEquals(text(source, content), text(target, content));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void aDamagedCompressedChunkIsFoundCorruptedAndLoadsNothing(ChunkCompression compression) throws Exception {
        FileArtifactStore store = new FileArtifactStore(work.resolve("store"), compression);
        Manifest manifest = dump(store, "m-damaged-" + compression.setting());
        ManifestChunk chunk = manifest.chunksOf(SUBMISSIONS_TABLE).get(1);
        Path file = store.path(manifest.migrationId(), chunk.file());
        byte[] intact = Files.readAllBytes(file);
        List<byte[]> damages = List.of(
                Arrays.copyOf(intact, intact.length / 2),
                Arrays.copyOf(intact, intact.length - 1),
                flipped(intact, intact.length / 2),
                flipped(intact, intact.length - 12),
                flipped(intact, 1)); // the magic number

        try (Connection target = newTarget()) {
            for (byte[] damaged : damages) {
                Files.write(file, damaged);

                Exception failure = assertThrows(Exception.class,
                        () -> ChunkImport.load(target, store, manifest, chunk.range(), "alpha", TENANCY));
                assertTrue(failure instanceof ChunkLoadFailure || failure instanceof ChunkCorrupted, failure.toString());
                assertEquals(0, count(target, "SELECT count(*) FROM submissions"), "nothing was loaded");
                // what the loader checks after a failed load, to have the chunk dumped again
                ChunkCorrupted corrupted = assertThrows(ChunkCorrupted.class, () -> readAll(store, manifest, chunk));
                assertTrue(corrupted.getMessage().contains(chunk.file()), corrupted.getMessage());
            }

            Files.write(file, intact); // dumped again
            assertEquals(chunk.rows(), ChunkImport.load(target, store, manifest, chunk.range(), "alpha", TENANCY));
            assertNotEquals(0, chunk.rows());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void anOfflineArchiveCarriesCompressedChunks(ChunkCompression compression) throws Exception {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        Manifest dumped = OfflineDump.dump(source, "alpha", "eu", TENANCY, ModelFilter.everything(), 6000,
                new FileArtifactStore(work.resolve("dump-staging"), compression), archive, (chunk, done, total) -> { });
        assertTrue(dumped.chunks().stream().allMatch(c -> c.compression() == compression), compression.setting());
        assertTrue(dumped.totalStoredBytes() < dumped.totalBytes(), dumped.totalStoredBytes() + " of " + dumped.totalBytes());

        try (Connection target = newTarget(); InputStream in = new ByteArrayInputStream(archive.toByteArray())) {
            VerifyReport report = OfflineLoad.load(in, new FileArtifactStore(work.resolve("load-staging")), target,
                    TENANCY, ModelFilter.everything(), null, (chunk, done, total) -> { });
            assertTrue(report.isClean(), report.describe());
            assertEquals(19_800, count(target, "SELECT count(*) FROM submissions WHERE domain = 'alpha'"));
        }
    }

    private static Manifest dump(FileArtifactStore store, String migrationId) throws SQLException, IOException {
        DumpPlan plan = DumpPlan.take(source, migrationId, "alpha", "eu", TENANCY, ModelFilter.everything(), 6000);
        plan.store(store);
        List<ManifestChunk> chunks = new ArrayList<>();
        for (DumpPlan.PlannedChunk planned : plan.chunks()) {
            ChunkDump d = ChunkExport.export(source, store, plan.plan(), planned.range(), TENANCY);
            chunks.add(ManifestChunk.of(planned.range(), d.rows(), d.bytes(), d.sha256()));
        }
        return ManifestSeal.seal(store, migrationId, chunks);
    }

    private static void readAll(FileArtifactStore store, Manifest manifest, ManifestChunk chunk) throws IOException {
        try (InputStream in = VerifyingInputStream.open(store, manifest.migrationId(), chunk)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static byte[] flipped(byte[] bytes, int position) {
        byte[] copy = bytes.clone();
        copy[position] ^= 0x40;
        return copy;
    }

    /** A target with the application's schema and every domain's rows but alpha's. */
    private static Connection newTarget() throws Exception {
        Connection target = TestDatabases.connect(TestDatabases.create("chunk_import_target_" + (++targets)));
        TestDatabases.runScript(target, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(target, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(target, SUBMISSIONS);
        List<Model> childrenFirst = new ArrayList<>(DomainCatalog.read(target, "domain").models());
        Collections.reverse(childrenFirst);
        for (Model model : childrenFirst) {
            try (PreparedStatement delete = target.prepareStatement("DELETE " + model.selection().fromWhere())) {
                model.selection().bindDomain(delete, 1, "alpha");
                delete.executeUpdate();
            }
        }
        return target;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        return Long.parseLong(text(connection, sql));
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getString(1);
        }
    }
}
