package relocate.artifacts.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import relocate.artifacts.SampleDump;
import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.FileArtifactStore;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;

class ManifestJsonTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "0123456789abcdef".repeat(4);

    @TempDir
    Path root;

    private static Manifest sample() {
        return SampleDump.manifest("m-42", List.of(
                ManifestChunk.of(new ChunkRange(SampleDump.CASES, 0, "id", null, 1000L), 1000, 65536, SHA_A),
                ManifestChunk.of(ChunkRange.wholeModel(SampleDump.NOTES), 7, 321, SHA_B, ChunkCompression.LZ4, 200)));
    }

    @Test
    void manifestSurvivesAWriteAndARead() throws IOException {
        Manifest manifest = sample();
        Manifest read = ManifestJson.read(new ByteArrayInputStream(ManifestJson.toBytes(manifest)));
        assertEquals(manifest, read);
        assertEquals(new ChunkRange(SampleDump.CASES, 0, "id", null, 1000L), read.chunks().get(0).range());
        assertEquals(SampleDump.cases().asTable(), read.model(SampleDump.CASES).orElseThrow().asTable());
        assertEquals(1007, read.totalRows());
    }

    @Test
    void sameManifestIsAlwaysTheSameText() throws IOException {
        byte[] bytes = ManifestJson.toBytes(sample());
        assertArrayEquals(bytes, ManifestJson.toBytes(ManifestJson.read(bytes)), "read and written again: same bytes");
        assertEquals("""
                {
                  "formatVersion": 2,
                  "migrationId": "m-42",
                  "domain": "acme; DROP TABLE \\"x\\"",
                  "sourceEnvironment": "eu-prod",
                  "createdAt": "2025-03-01T10:15:30.123Z",
                  "tenantColumn": "domain",
                  "models": [
                    {
                      "table": {
                        "schema": "public",
                        "name": "cases"
                      },
                      "columns": [
                        {
                          "name": "id",
                          "type": "bigint",
                          "notNull": true,
                          "defaultExpression": null,
                          "identity": true,
                          "generated": false
                        },
                        {
                          "name": "domain",
                          "type": "text",
                          "notNull": true,
                          "defaultExpression": null,
                          "identity": false,
                          "generated": false
                        },
                        {
                          "name": "title",
                          "type": "character varying(100)",
                          "notNull": false,
                          "defaultExpression": "'untitled'::character varying",
                          "identity": false,
                          "generated": false
                        },
                        {
                          "name": "title_length",
                          "type": "integer",
                          "notNull": false,
                          "defaultExpression": null,
                          "identity": false,
                          "generated": true
                        }
                      ],
                      "primaryKey": [
                        "id"
                      ],
                      "selection": {
                        "fromWhere": "FROM \\"public\\".\\"cases\\" t WHERE t.\\"domain\\" = ?",
                        "parameterCount": 1,
                        "description": "domain = ?"
                      }
                    },
                    {
                      "table": {
                        "schema": "public",
                        "name": "notes"
                      },
                      "columns": [
                        {
                          "name": "case_id",
                          "type": "bigint",
                          "notNull": true,
                          "defaultExpression": null,
                          "identity": false,
                          "generated": false
                        },
                        {
                          "name": "line",
                          "type": "integer",
                          "notNull": true,
                          "defaultExpression": null,
                          "identity": false,
                          "generated": false
                        },
                        {
                          "name": "body",
                          "type": "text",
                          "notNull": false,
                          "defaultExpression": null,
                          "identity": false,
                          "generated": false
                        }
                      ],
                      "primaryKey": [
                        "case_id",
                        "line"
                      ],
                      "selection": {
                        "fromWhere": "FROM \\"public\\".\\"notes\\" t WHERE t.\\"case_id\\" IN (SELECT p.\\"id\\" FROM \\"public\\".\\"cases\\" p WHERE p.\\"domain\\" = ?)",
                        "parameterCount": 1,
                        "description": "via case_id -> public.cases"
                      }
                    }
                  ],
                  "chunks": [
                    {
                      "model": {
                        "schema": "public",
                        "name": "cases"
                      },
                      "index": 0,
                      "keyColumn": "id",
                      "lo": null,
                      "hi": 1000,
                      "rows": 1000,
                      "bytes": 65536,
                      "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                      "compression": "none",
                      "storedBytes": 65536,
                      "file": "public.cases/00000.copy"
                    },
                    {
                      "model": {
                        "schema": "public",
                        "name": "notes"
                      },
                      "index": 0,
                      "keyColumn": null,
                      "lo": null,
                      "hi": null,
                      "rows": 7,
                      "bytes": 321,
                      "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                      "compression": "lz4",
                      "storedBytes": 200,
                      "file": "public.notes/00000.copy.lz4"
                    }
                  ],
                  "sourceStats": [
                    {
                      "model": {
                        "schema": "public",
                        "name": "cases"
                      },
                      "rows": 3000,
                      "checksum": "00000000deadbeef"
                    },
                    {
                      "model": {
                        "schema": "public",
                        "name": "notes"
                      },
                      "rows": 7,
                      "checksum": "0123456789abcdef"
                    }
                  ]
                }
                """, new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void manifestIsWrittenAsManifestJsonOfItsMigrationAndReadBack() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        Manifest manifest = sample();
        ManifestJson.write(store, manifest);
        assertEquals(List.of(ArtifactNames.MANIFEST), store.list("m-42"));
        assertEquals(manifest, ManifestJson.read(store, "m-42"));

        // copied into another migration's folder by hand: refused, since its chunks are elsewhere
        try (InputStream in = store.open("m-42", ArtifactNames.MANIFEST);
             ArtifactOutputStream out = store.create("m-43", ArtifactNames.MANIFEST)) {
            in.transferTo(out);
        }
        ManifestUnreadable elsewhere = assertThrows(ManifestUnreadable.class, () -> ManifestJson.read(store, "m-43"));
        assertTrue(elsewhere.getMessage().contains("describes migration m-42"), elsewhere.getMessage());
    }

    @Test
    void manifestOfANewerFormatIsRefusedSayingSo() {
        String json = new String(ManifestJson.toBytes(sample()), StandardCharsets.UTF_8)
                .replace("\"formatVersion\": 2,", "\"formatVersion\": 3,")
                .replace("\"tenantColumn\"", "\"somethingNew\": [1, 2], \"tenantColumn\"");
        ManifestUnreadable refused = assertThrows(ManifestUnreadable.class,
                () -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().contains("format version 3"), refused.getMessage());
        assertTrue(refused.getMessage().contains("up to 2") && refused.getMessage().contains("Upgrade Relocate"),
                refused.getMessage());
    }

    /** manifest-v1.json is byte for byte what Relocate wrote before chunks could be compressed. */
    @Test
    void manifestOfFormatVersion1ReadsAsEveryChunkUncompressed() throws IOException {
        byte[] v1;
        try (InputStream in = ManifestJsonTest.class.getResourceAsStream("manifest-v1.json")) {
            v1 = in.readAllBytes();
        }
        Manifest read = ManifestJson.read(v1);

        assertEquals(Manifest.FORMAT_VERSION, read.formatVersion(), "read into the current version");
        assertEquals(List.of(
                ManifestChunk.of(new ChunkRange(SampleDump.CASES, 0, "id", null, 1000L), 1000, 65536, SHA_A),
                ManifestChunk.of(ChunkRange.wholeModel(SampleDump.NOTES), 7, 321, SHA_B)), read.chunks());
        for (ManifestChunk chunk : read.chunks()) {
            assertEquals(ChunkCompression.NONE, chunk.compression(), chunk.describe());
            assertEquals(chunk.bytes(), chunk.storedBytes(), chunk.describe());
            assertTrue(chunk.file().endsWith(".copy"), chunk.file());
        }
        assertEquals(sample().models(), read.models());
        assertEquals(sample().sourceStats(), read.sourceStats());
        assertEquals(read, ManifestJson.read(ManifestJson.toBytes(read)), "written again in the current version");

        String edited = new String(v1, StandardCharsets.UTF_8).replace("\"bytes\": 321,",
                "\"bytes\": 321, \"compression\": \"lz4\",");
        assertRefused(edited, "format version 1, whose chunks have no 'compression'");
    }

    @Test
    void damagedOrEditedManifestsAreRefusedNamingTheProblem() {
        String json = new String(ManifestJson.toBytes(sample()), StandardCharsets.UTF_8);
        assertRefused(json.replace("\"formatVersion\": 2,", ""), "no formatVersion");
        assertRefused(json.substring(0, json.length() / 2), "not valid JSON");
        assertRefused(json.replace("\"tenantColumn\": \"domain\",", ""), "tenantColumn");
        assertRefused(json.replace("\"tenantColumn\"", "\"tenantColumm\""), "Missing creator property 'tenantColumn'");
        assertRefused(json.replace("\"tenantColumn\"", "\"extra\": true, \"tenantColumn\""), "Unrecognized field \"extra\"");
        assertRefused(json.replace(SHA_A, "abc"), "64 hex digits");
        assertRefused(json.replace("\"lz4\"", "\"zstd\""), "'zstd' is not a chunk compression Relocate knows: use one "
                + "of none, lz4, gzip");
        assertRefused(json.replace("\"storedBytes\": 65536", "\"storedBytes\": 100"), "stored uncompressed");
        assertRefused(json.replace("\"storedBytes\": 200,\n", ""), "storedBytes");
        assertRefused(json.replace("\"public.notes/00000.copy.lz4\"", "\"../../etc/passwd\""), "not a valid artifact name");
        assertRefused(json.replace("2025-03-01T10:15:30.123Z", "yesterday"), "ISO-8601");
        assertRefused(json.replace("\"name\": \"notes\"\n      },\n      \"index\"", "\"name\": \"other\"\n      },\n      \"index\""),
                "belongs to no model");
    }

    @Test
    void manifestRefusesChunksAndStatsOfUnlistedModelsAndDuplicates() {
        ManifestChunk cases0 = ManifestChunk.of(ChunkRange.wholeModel(SampleDump.CASES), 1, 1, SHA_A);
        ManifestChunk stray = ManifestChunk.of(ChunkRange.wholeModel(new TableName("public", "stray")), 1, 1, SHA_A);
        assertThrows(IllegalArgumentException.class, () -> SampleDump.manifest("m", List.of(stray)));
        assertThrows(IllegalArgumentException.class, () -> SampleDump.manifest("m", List.of(cases0, cases0)));
        for (int version : new int[] {1, 3}) {
            assertThrows(IllegalArgumentException.class, () -> new Manifest(version, "m", "d", "e",
                    java.time.Instant.EPOCH, "domain", List.of(), List.of(), List.of()));
        }
    }

    private static void assertRefused(String json, String expected) {
        ManifestUnreadable refused = assertThrows(ManifestUnreadable.class,
                () -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)), expected);
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
