package relocate.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import relocate.schemas.compatibility.ReadCompatibility;
import relocate.schemas.registry.SchemaNotFoundException;
import relocate.schemas.registry.SchemaRegistryClient;

/**
 * The one serde of Relocate's Avro messages, in the Confluent wire format: magic byte 0, the writer
 * schema's registry id (4 bytes, big-endian), then the Avro binary body. Subjects follow the topic
 * name strategy: {@code <topic>-value} (or {@code <topic>-key} when configured for keys).
 *
 * <p>The serializer registers {@code T}'s schema once per subject. The deserializer reads with the
 * writer's schema (fetched by id, cached) resolved against {@code T}'s, so data written by an older or
 * newer compatible version of a contract reads as the current class.
 *
 * <p>Errors: bytes that cannot be a {@code T} (wrong magic byte, too short, unknown schema id, a writer
 * schema {@code T} cannot read, corrupt body) raise {@link SerializationException} saying why: such a
 * message is poison and belongs on the dead-letter topic. A registry that does not answer raises
 * {@link relocate.schemas.registry.RegistryUnreachableException} instead, which is not about the
 * message: retry later, do not dead-letter. Thread-safe; one instance may serve many threads.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** The first byte of every message in the Confluent wire format. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private final Class<T> type;
    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final SpecificData model;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, WriterSchema<T>> readersById = new ConcurrentHashMap<>();
    private volatile boolean isKey;

    public AvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        // the class's own model carries its logical-type conversions (timestamp-millis <-> Instant)
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema, model);
    }

    /** A serde of {@code type} against the registry at {@code registryUrl} (e.g. http://127.0.0.1:58081/apis/ccompat/v7). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, String registryUrl) {
        return new AvroSerde<>(type, new SchemaRegistryClient(registryUrl));
    }

    /** The registry subject of a topic's keys or values (topic name strategy). */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /** The schema this serde writes, and reads into. */
    public Schema schema() {
        return readerSchema;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null; // a tombstone stays a tombstone (relocate.status is compacted)
        }
        String subject = subject(topic, isKey);
        Integer id = idBySubject.get(subject);
        if (id == null) {
            // outside computeIfAbsent: an HTTP call must not hold the map's lock
            id = registry.register(subject, readerSchema);
            idBySubject.put(subject, id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + readerSchema.getFullName() + " to topic '" + topic
                    + "': " + e.getMessage() + " (is a required field null?)", e);
        }
        return out.toByteArray();
    }

    /**
     * Registers {@code T}'s schema for {@code topic} now, as the first {@link #serialize} to it would, so
     * that the first message does not wait for the registry.
     */
    // synchronized: the services of one process share this serde and warm up together; the first registers,
    // the others find its id (the registry answers registrations that arrive at once with lock timeouts)
    public synchronized void prepareWriting(String topic) {
        String subject = subject(topic, isKey);
        if (!idBySubject.containsKey(subject)) {
            idBySubject.put(subject, registry.register(subject, readerSchema));
        }
    }

    /**
     * Fetches the latest schema registered for {@code topic} and decides now whether {@code T} reads it, so
     * that the first message written with it decodes without waiting for the registry. Nothing registered
     * yet: nothing to do.
     */
    public void prepareReading(String topic) {
        registry.latestId(subject(topic, isKey)).ifPresent(id -> {
            if (!readersById.containsKey(id)) {
                readersById.putIfAbsent(id, resolve(id));
            }
        });
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String what = "Cannot read a " + readerSchema.getFullName() + " from topic '" + topic + "'";
        if (data.length < HEADER_SIZE) {
            throw new SerializationException(what + ": the message has " + data.length
                    + " bytes, fewer than the 5-byte header of the Confluent wire format (magic byte 0 + schema id)."
                    + " It was not written by a schema-registry serializer.");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(what + ": the first byte is " + String.format("0x%02x", data[0] & 0xff)
                    + looksLike(data[0]) + ", but the Confluent wire format starts with the magic byte 0x00."
                    + " The message was not written by a schema-registry serializer.");
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        WriterSchema<T> writerSchema = readersById.get(id);
        if (writerSchema == null) {
            try {
                writerSchema = resolve(id);
            } catch (SchemaNotFoundException e) {
                // not cached: the registry might learn the id later (a producer on another registry replica)
                throw new SerializationException(what + ": its schema id " + id + " is unknown. " + e.getMessage(), e);
            }
            readersById.putIfAbsent(id, writerSchema);
        }
        if (writerSchema.rejection != null) {
            throw new SerializationException(what + ": " + writerSchema.rejection);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, null);
        T record;
        try {
            record = writerSchema.reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(what + ": its Avro body (" + (data.length - HEADER_SIZE)
                    + " bytes) does not decode with the writer schema id " + id + " ("
                    + writerSchema.schema.getFullName() + "); the message is truncated or corrupt ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new SerializationException(what + ": " + decoder.inputStream().available()
                        + " bytes are left over after the record written with schema id " + id + " ("
                        + writerSchema.schema.getFullName() + "); the message is corrupt or its schema id is wrong.");
            }
        } catch (IOException e) {
            throw new SerializationException(what + ": " + e.getMessage(), e);
        }
        return record;
    }

    /**
     * Looks up a writer schema and decides once whether {@code T} can read it. Rejections are cached as
     * well: a schema id never changes meaning. Unknown ids and registry outages propagate uncached.
     */
    private WriterSchema<T> resolve(int id) {
        Schema written = registry.schemaById(id);
        if (!written.getFullName().equals(readerSchema.getFullName())
                && !readerSchema.getAliases().contains(written.getFullName())) {
            return new WriterSchema<>(written, null, "it was written with schema id " + id + " ("
                    + written.getFullName() + "), which is not a " + readerSchema.getFullName() + ". Is this the right topic?");
        }
        List<String> problems = ReadCompatibility.problems(readerSchema, written);
        if (!problems.isEmpty()) {
            return new WriterSchema<>(written, null, "it was written with schema id " + id + " ("
                    + written.getFullName() + "), which " + readerSchema.getFullName() + " cannot read: "
                    + String.join("; ", problems) + ". Is this the right topic?");
        }
        return new WriterSchema<>(written, new SpecificDatumReader<>(written, readerSchema, model), null);
    }

    private static String looksLike(byte first) {
        return switch (first) {
            case '{', '[' -> " ('" + (char) first + "', which looks like JSON)";
            case '"' -> " ('\"', which looks like a JSON string)";
            default -> first >= 0x20 && first < 0x7f ? " ('" + (char) first + "', which looks like text)" : "";
        };
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // nothing to release: the registry client holds no resources beyond its caches
    }

    @Override
    public String toString() {
        return "AvroSerde[" + readerSchema.getFullName() + ", " + registry.baseUrl() + "]";
    }

    /** A writer schema, and either the reader that resolves it into T or why T cannot read it. */
    private record WriterSchema<T>(Schema schema, SpecificDatumReader<T> reader, String rejection) {
    }
}
