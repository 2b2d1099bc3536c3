package relocate.artifacts.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.catalog.Column;
import relocate.catalog.TableName;
import relocate.catalog.stats.ModelStats;

/**
 * A {@link Manifest} as {@code manifest.json}: indented JSON, fields in a fixed order, {@code \n} line
 * ends, so that the same manifest is always the same bytes and two manifests compare with {@code diff}.
 *
 * <p>Reading checks {@code formatVersion} before anything else, so that a manifest written by a newer
 * Relocate is refused with that reason rather than with a puzzling missing or unknown field. Within a
 * version the layout is exact: an unknown or missing field is an error. An older version is read into
 * the current one: a version 1 manifest (before compression) reads as every chunk stored uncompressed.
 */
public final class ManifestJson {

    /** Larger than any real manifest (a million chunks is about 400 MB of JSON); guards reading one into memory. */
    public static final int MAX_BYTES = 512 * 1024 * 1024;

    private static final ObjectMapper MAPPER = mapper();
    private static final ObjectWriter WRITER = MAPPER.writer(printer());

    private ManifestJson() {
    }

    /** Writes the manifest to {@code out}, which is left open. */
    public static void write(Manifest manifest, OutputStream out) throws IOException {
        WRITER.writeValue(out, manifest);
        out.write('\n');
        out.flush();
    }

    public static byte[] toBytes(Manifest manifest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(manifest, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a manifest to memory", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the manifest as {@code manifest.json} of its migration, replacing any earlier one at once. */
    public static void write(ArtifactStore store, Manifest manifest) throws IOException {
        byte[] bytes = toBytes(manifest);
        try (ArtifactOutputStream out = store.create(manifest.migrationId(), ArtifactNames.MANIFEST)) {
            out.write(bytes);
        }
    }

    /** Reads the migration's {@code manifest.json}, and checks that it is that migration's. */
    public static Manifest read(ArtifactStore store, String migrationId) throws IOException {
        return read(store, migrationId, ArtifactNames.MANIFEST);
    }

    /** Reads the plan STATS stored for the migration ({@link ArtifactNames#PLAN}), and checks that it is that migration's. */
    public static Manifest readPlan(ArtifactStore store, String migrationId) throws IOException {
        return read(store, migrationId, ArtifactNames.PLAN);
    }

    private static Manifest read(ArtifactStore store, String migrationId, String name) throws IOException {
        String where = name + " of migration " + migrationId + " in the artifact store at " + store.location();
        Manifest manifest;
        try (InputStream in = store.open(migrationId, name)) {
            manifest = read(in.readNBytes(MAX_BYTES + 1), where);
        }
        if (!manifest.migrationId().equals(migrationId)) {
            throw new ManifestUnreadable("The " + where + " describes migration " + manifest.migrationId()
                    + ": it was copied into the wrong folder. Put it back beside its own chunks.", null);
        }
        return manifest;
    }

    /** Reads a manifest from {@code in} (left open). */
    public static Manifest read(InputStream in) throws IOException {
        return read(in.readNBytes(MAX_BYTES + 1), ArtifactNames.MANIFEST);
    }

    public static Manifest read(byte[] json) throws ManifestUnreadable {
        return read(json, ArtifactNames.MANIFEST);
    }

    private static Manifest read(byte[] json, String where) throws ManifestUnreadable {
        if (json.length > MAX_BYTES) {
            throw new ManifestUnreadable("The " + where + " is larger than " + MAX_BYTES + " bytes: it is not a manifest "
                    + "Relocate wrote.", null);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ManifestUnreadable("The " + where + " is not valid JSON (" + reason
                    + "): it is damaged or not a manifest. Dump the migration again, or copy the manifest again.", e);
        }
        JsonNode version = tree == null ? null : tree.get("formatVersion");
        if (version == null || !version.canConvertToExactIntegral() || !version.canConvertToInt()) {
            throw new ManifestUnreadable("The " + where + " has no formatVersion: it is not a manifest Relocate wrote.",
                    null);
        }
        int formatVersion = version.intValue();
        if (formatVersion > Manifest.FORMAT_VERSION) {
            throw new ManifestUnreadable("The " + where + " has format version " + formatVersion + ", but this Relocate "
                    + "reads versions up to " + Manifest.FORMAT_VERSION + ": it was written by a newer Relocate. Upgrade "
                    + "Relocate here to the version that wrote it.", null);
        }
        if (formatVersion < 1) {
            throw new ManifestUnreadable("The " + where + " has format version " + formatVersion
                    + ", which no Relocate writes: it is not a manifest Relocate wrote.", null);
        }
        if (formatVersion == 1) {
            upgradeFromVersion1((ObjectNode) tree, where);
        }
        try {
            return MAPPER.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            Throwable reason = e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException
                    ? e.getCause() : e;
            String message = (reason instanceof JsonProcessingException j ? j.getOriginalMessage() : reason.getMessage())
                    // Jackson's advice to programmers is noise to the person reading this
                    .replaceAll(" \\(index \\d+\\); `\\w+\\.\\w+` enabled", "")
                    .replaceAll(" \\(class [\\w.$]+\\)", "")
                    .replaceAll(",? ?not marked as ignorable.*", "");
            throw new ManifestUnreadable("The " + where + " is not a valid manifest (" + message
                    + (e instanceof JsonMappingException m ? " at " + m.getPathReference() : "") + "): it is damaged or was edited. Dump the migration again.", e);
        }
    }

    /** Version 1 knew no compression: each chunk's file is its COPY data as it is. */
    private static void upgradeFromVersion1(ObjectNode tree, String where) throws ManifestUnreadable {
        tree.put("formatVersion", Manifest.FORMAT_VERSION);
        if (!(tree.get("chunks") instanceof ArrayNode chunks)) {
            return; // refused as it is by the mapping
        }
        for (JsonNode node : chunks) {
            if (!(node instanceof ObjectNode chunk)) {
                continue;
            }
            for (String added : List.of("compression", "storedBytes")) {
                if (chunk.has(added)) {
                    throw new ManifestUnreadable("The " + where + " has format version 1, whose chunks have no '" + added
                            + "': it was edited. Dump the migration again.", null);
                }
            }
            chunk.put("compression", ChunkCompression.NONE.setting());
            if (chunk.has("bytes")) {
                chunk.set("storedBytes", chunk.get("bytes"));
            }
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule instants = new SimpleModule("instants");
        // ISO-8601 text, not epoch numbers, and no extra module for java.time
        instants.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        instants.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException | NullPointerException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                            "not an ISO-8601 instant such as 2025-01-31T12:00:00Z");
                }
            }
        });
        return JsonMapper.builder()
                .addModule(instants)
                .addMixIn(TableName.class, TableNameOrder.class)
                .addMixIn(Column.class, ColumnOrder.class)
                .addMixIn(ModelStats.class, ModelStatsOrder.class)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .build();
    }

    private static DefaultPrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    // the order of the catalog's records' fields in the file, fixed here so that the file does not depend on reflection

    @JsonPropertyOrder({"schema", "name"})
    private interface TableNameOrder {
    }

    @JsonPropertyOrder({"name", "type", "notNull", "defaultExpression", "identity", "generated"})
    private interface ColumnOrder {
    }

    @JsonPropertyOrder({"model", "rows", "checksum"})
    private interface ModelStatsOrder {
    }
}
