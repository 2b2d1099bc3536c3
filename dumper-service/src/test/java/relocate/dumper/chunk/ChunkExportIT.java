package relocate.dumper.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.FileArtifactStore;
import relocate.artifacts.verify.VerifyingInputStream;
import relocate.catalog.TableName;
import relocate.catalog.Tenancy;
import relocate.catalog.TestDatabases;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.selection.ModelFilter;
import relocate.dumper.manifest.ManifestSeal;
import relocate.dumper.plan.DumpPlan;

/** DUMP of chunks into a real store, compressed as the store is set, from a real source. */
class ChunkExportIT {
    private static final Tenancy TENANCY = Tenancy.of("domain");

    private static final String MIGRATION = "0a7c-export";
    private static final TableName SUBMISSIONS = new TableName("public", "submissions");

    private static Connection source;

    @TempDir
    Path work;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("chunk_export_it"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
        // forms as the sample application has them: what a real chunk of COPY data looks like
        TestDatabases.execute(source, """
                CREATE TABLE submissions (id bigint PRIMARY KEY, domain text NOT NULL, xmlns text NOT NULL,
                    received_on timestamptz NOT NULL, data jsonb NOT NULL);
                INSERT INTO submissions (id, domain, xmlns, received_on, data)
                SELECT g, 'alpha', 'http://openrosa.org/formdesigner/' || (g % 7),
                       timestamptz '2024-01-01' + g * interval '10 seconds',
                       jsonb_build_object('visit', g, 'weight_kg', 3 + (g % 40) / 10.0,
                           'notes', repeat('observed ', (1 + g % 20)::int), 'village', 'v' || (g % 97))
                FROM generate_series(1, 20000) g;
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
    void eachChunkIsStoredCompressedAsTheStoreIsSetWithTheCopyDatasChecksum(ChunkCompression compression)
            throws Exception {
        Map<ChunkRange, ChunkDump> uncompressed = dumpAll(new FileArtifactStore(work.resolve("none")));
        FileArtifactStore store = new FileArtifactStore(work.resolve(compression.setting()), compression);

        Map<ChunkRange, ChunkDump> dumped = dumpAll(store);
        Manifest manifest = ManifestSeal.seal(store, MIGRATION, chunks(dumped));

        assertEquals(uncompressed, dumped, "rows, bytes and SHA-256 are the COPY data's, whatever the compression");
        long raw = 0;
        long stored = 0;
        for (ManifestChunk chunk : manifest.chunks()) {
            assertEquals(compression, chunk.compression(), chunk.describe());
            assertEquals(ArtifactNames.chunk(chunk.range(), compression), chunk.file());
            assertEquals(store.size(MIGRATION, chunk.file()), chunk.storedBytes(), chunk.describe());
            try (VerifyingInputStream in = VerifyingInputStream.open(store, MIGRATION, chunk)) {
                assertEquals(chunk.bytes(), in.transferTo(OutputStream.nullOutputStream()));
                assertTrue(in.verified(), chunk.describe());
            }
            if (chunk.model().equals(SUBMISSIONS)) {
                raw += chunk.bytes();
                stored += chunk.storedBytes();
            }
        }
        System.out.printf("submissions, %s: %d bytes of COPY data stored in %d (%.0f%%)%n", compression.setting(), raw,
                stored, 100.0 * stored / raw);
        if (compression == ChunkCompression.NONE) {
            assertEquals(raw, stored);
        } else {
            assertTrue(stored < raw, compression + " stores " + stored + " of " + raw + " bytes");
        }
    }

    @Test
    void aChunkDumpedAgainInAnotherCompressionKeepsOneFile() throws Exception {
        Path folder = work.resolve("shared");
        FileArtifactStore gzipDumper = new FileArtifactStore(folder, ChunkCompression.GZIP);
        FileArtifactStore lz4Dumper = new FileArtifactStore(folder, ChunkCompression.LZ4);
        DumpPlan plan = plan(gzipDumper);
        ChunkRange first = plan.chunks().get(0).range();
        ChunkExport.export(source, gzipDumper, plan.plan(), first, TENANCY);
        assertTrue(gzipDumper.exists(MIGRATION, ArtifactNames.chunk(first, ChunkCompression.GZIP)));

        ChunkDump again = ChunkExport.export(source, lz4Dumper, plan.plan(), first, TENANCY);

        assertTrue(lz4Dumper.exists(MIGRATION, ArtifactNames.chunk(first, ChunkCompression.LZ4)));
        assertFalse(lz4Dumper.exists(MIGRATION, ArtifactNames.chunk(first, ChunkCompression.GZIP)), "the gzip file went");
        ManifestChunk sealed = ManifestSeal.seal(lz4Dumper, MIGRATION, List.of(ManifestChunk.of(first, again.rows(),
                again.bytes(), again.sha256()))).chunks().get(0);
        assertEquals(ChunkCompression.LZ4, sealed.compression());
    }

    @Test
    void aChunkDumpedAgainAfterTheManifestIsSealedKeepsTheCompressionTheManifestRecords() throws Exception {
        Path folder = work.resolve("sealed");
        FileArtifactStore lz4Dumper = new FileArtifactStore(folder, ChunkCompression.LZ4);
        Manifest manifest = ManifestSeal.seal(lz4Dumper, MIGRATION, chunks(dumpAll(lz4Dumper)));
        ManifestChunk chunk = manifest.chunksOf(SUBMISSIONS).get(1);
        flipByte(lz4Dumper.path(MIGRATION, chunk.file()), chunk.storedBytes() / 2);

        // the loader found it corrupted; a dumper set to another compression dumps it again
        ChunkDump again = ChunkExport.export(source, new FileArtifactStore(folder, ChunkCompression.GZIP),
                DumpPlan.read(lz4Dumper, MIGRATION), chunk.range(), TENANCY);

        assertEquals(chunk.sha256(), again.sha256());
        for (ChunkCompression compression : ChunkCompression.values()) {
            assertEquals(compression == ChunkCompression.LZ4,
                    lz4Dumper.exists(MIGRATION, ArtifactNames.chunk(chunk.range(), compression)), compression.setting());
        }
        try (VerifyingInputStream in = VerifyingInputStream.open(lz4Dumper, MIGRATION, chunk)) {
            in.transferTo(OutputStream.nullOutputStream());
            assertTrue(in.verified(), "the manifest as sealed reads the chunk dumped again");
        }
    }

    private DumpPlan plan(FileArtifactStore store) throws SQLException, IOException {
        DumpPlan plan = DumpPlan.take(source, MIGRATION, "alpha", "eu", TENANCY, ModelFilter.everything(), 6000);
        plan.store(store);
        return plan;
    }

    private Map<ChunkRange, ChunkDump> dumpAll(FileArtifactStore store) throws SQLException, IOException {
        DumpPlan plan = plan(store);
        Map<ChunkRange, ChunkDump> dumped = new LinkedHashMap<>();
        for (DumpPlan.PlannedChunk planned : plan.chunks()) {
            dumped.put(planned.range(), ChunkExport.export(source, store, plan.plan(), planned.range(), TENANCY));
        }
        assertEquals(4, plan.chunks().stream().filter(c -> c.range().model().equals(SUBMISSIONS)).count(),
                "20000 rows in chunks of 6000");
        return dumped;
    }

    private static List<ManifestChunk> chunks(Map<ChunkRange, ChunkDump> dumped) {
        List<ManifestChunk> chunks = new ArrayList<>();
        dumped.forEach((range, d) -> chunks.add(ManifestChunk.of(range, d.rows(), d.bytes(), d.sha256())));
        return chunks;
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(position);
            int b = raw.read();
            raw.seek(position);
            raw.write(b ^ 0x01);
        }
    }
}
