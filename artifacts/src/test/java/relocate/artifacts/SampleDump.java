package relocate.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.manifest.ManifestModel;
import relocate.artifacts.manifest.ManifestSelection;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.artifacts.store.KeepOpenOutputStream;
import relocate.catalog.Column;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.ModelStats;

/** A small dump as the dumper would leave it: two models, generated chunks, and their manifest. */
public final class SampleDump {

    public static final TableName CASES = new TableName("public", "cases");
    public static final TableName NOTES = new TableName("public", "notes");

    private SampleDump() {
    }

    public static ManifestModel cases() {
        return new ManifestModel(CASES,
                List.of(new Column("id", "bigint", true, null, true, false),
                        new Column("domain", "text", true, null, false, false),
                        new Column("title", "character varying(100)", false, "'untitled'::character varying", false, false),
                        new Column("title_length", "integer", false, null, false, true)),
                List.of("id"),
                new ManifestSelection("FROM \"public\".\"cases\" t WHERE t.\"domain\" = ?", 1, "domain = ?"));
    }

    public static ManifestModel notes() {
        return new ManifestModel(NOTES,
                List.of(new Column("case_id", "bigint", true, null, false, false),
                        new Column("line", "integer", true, null, false, false),
                        new Column("body", "text", false, null, false, false)),
                List.of("case_id", "line"),
                new ManifestSelection("FROM \"public\".\"notes\" t WHERE t.\"case_id\" IN (SELECT p.\"id\" FROM "
                        + "\"public\".\"cases\" p WHERE p.\"domain\" = ?)", 1, "via case_id -> public.cases"));
    }

    /** The manifest of {@code chunks} as {@link #write} would produce it, without writing anything. */
    public static Manifest manifest(String migrationId, List<ManifestChunk> chunks) {
        return Manifest.of(migrationId, "acme; DROP TABLE \"x\"", "eu-prod", Instant.parse("2025-03-01T10:15:30.123Z"),
                "domain", List.of(cases(), notes()), chunks,
                List.of(new ModelStats(CASES, 3000, "00000000deadbeef"), new ModelStats(NOTES, 7, "0123456789abcdef")));
    }

    /**
     * Writes three chunks of cases (the first {@code firstChunkBytes} long) and one of notes into the store,
     * then the manifest, and returns it.
     */
    public static Manifest write(ArtifactStore store, String migrationId, long firstChunkBytes) throws IOException {
        return write(store, migrationId, firstChunkBytes, ChunkCompression.NONE);
    }

    /** As {@link #write(ArtifactStore, String, long)}, every chunk stored in {@code compression}. */
    public static Manifest write(ArtifactStore store, String migrationId, long firstChunkBytes,
                                 ChunkCompression compression) throws IOException {
        List<ManifestChunk> chunks = new ArrayList<>();
        chunks.add(chunk(store, migrationId, new ChunkRange(CASES, 0, "id", null, 1000L), 1000, 1, firstChunkBytes,
                compression));
        chunks.add(chunk(store, migrationId, new ChunkRange(CASES, 1, "id", 1000L, 2000L), 1000, 2, 70_000, compression));
        chunks.add(chunk(store, migrationId, new ChunkRange(CASES, 2, "id", 2000L, null), 1000, 3, 0, compression));
        chunks.add(chunk(store, migrationId, ChunkRange.wholeModel(NOTES), 7, 4, 1234, compression));
        Manifest manifest = manifest(migrationId, chunks);
        ManifestJson.write(store, manifest);
        return manifest;
    }

    private static ManifestChunk chunk(ArtifactStore store, String migrationId, ChunkRange range, long rows, long seed,
                                       long bytes, ChunkCompression compression) throws IOException {
        String file = ArtifactNames.chunk(range, compression);
        try (ArtifactOutputStream out = store.create(migrationId, file);
             OutputStream compressing = compression.compressing(new KeepOpenOutputStream(out))) {
            new GeneratedBytes(seed, bytes).transferTo(compressing);
        }
        return ManifestChunk.of(range, rows, bytes, GeneratedBytes.sha256(seed, bytes), compression,
                store.size(migrationId, file));
    }
}
