package relocate.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.Samples;
import relocate.schemas.registry.Compatibility;
import relocate.schemas.registry.IncompatibleSchemaException;
import relocate.schemas.registry.SchemaRegistryClient;
import relocate.stack.LocalStack;

/** The serde and the registry client against the local stack's real schema registry (Apicurio 2.4). */
class AvroSerdeIT {

    private static String registryUrl;

    @BeforeAll
    static void startStack() {
        registryUrl = LocalStack.forTests().up().registryUrl();
    }

    @Test
    void eventRoundTripsThroughTheRegistry() {
        String topic = uniqueTopic();
        Event event = Samples.stepCompletedWithPreflight();

        byte[] bytes = AvroSerde.of(Event.class, registryUrl).serialize(topic, event);
        // a second serde with its own client: the writer schema must come from the registry, not a cache
        Event read = AvroSerde.of(Event.class, registryUrl).deserialize(topic, bytes);

        assertEquals(event, read);
        assertEquals(Samples.OCCURRED_AT, read.getOccurredAt());
    }

    @Test
    void messageStartsWithMagicByteAndTheRegisteredSchemaId() {
        String topic = uniqueTopic();
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);

        byte[] bytes = new AvroSerde<>(Event.class, registry).serialize(topic, Samples.migrationCreated());

        assertEquals(0, bytes[0], "magic byte");
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertEquals(registry.register(topic + "-value", Event.getClassSchema()), id);
        assertEquals(Event.getClassSchema(), new SchemaRegistryClient(registryUrl).schemaById(id));
    }

    @Test
    void recordsWrittenWithOlderAndNewerCompatibleVersionsReadAsTheCurrentClass() throws IOException {
        String topic = uniqueTopic();
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, registry);
        Event event = Samples.stepCompletedWithPreflight();
        // an older Event had no commandId; a newer one carries a traceId that this reader ignores
        Schema older = withFields(Event.getClassSchema(), fields -> {
            fields.removeIf(f -> f.name().equals("commandId"));
            return fields;
        });
        Schema newer = withFields(Event.getClassSchema(), fields -> {
            fields.add(new Schema.Field("traceId", Schema.create(Schema.Type.STRING), null, ""));
            return fields;
        });

        Event fromOlder = serde.deserialize(topic, wireFormat(registry.register(topic + "-value", older),
                rewrite(serde.serialize(topic, event), older, null)));
        Event fromNewer = serde.deserialize(topic, wireFormat(registry.register(topic + "-value", newer),
                rewrite(serde.serialize(topic, event), newer, "trace-9")));

        assertNull(fromOlder.getCommandId(), "the reader's default");
        fromOlder.setCommandId(event.getCommandId());
        assertEquals(event, fromOlder);
        assertEquals(event, fromNewer);
    }

    @Test
    void incompatibleSchemaUnderTheSameSubjectIsReportedAsIncompatible() {
        String topic = uniqueTopic();
        String subject = topic + "-value";
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        registry.setCompatibility(subject, Compatibility.BACKWARD);
        new AvroSerde<>(Event.class, registry).serialize(topic, Samples.migrationCreated());
        Schema attemptAsString = withFields(Event.getClassSchema(), fields -> {
            fields.replaceAll(f -> f.name().equals("attempt")
                    ? new Schema.Field("attempt", Schema.create(Schema.Type.STRING)) : f);
            return fields;
        });

        IncompatibleSchemaException refused = assertThrows(IncompatibleSchemaException.class,
                () -> registry.register(subject, attemptAsString));

        assertEquals(409, refused.httpStatus());
        assertEquals(subject, refused.subject());
        assertTrue(refused.getMessage().contains("incompatible"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'" + subject + "'"), refused.getMessage());
        assertTrue(refused.getMessage().contains(registryUrl), refused.getMessage());
    }

    @Test
    void serializerReportsASubjectThatHoldsAnIncompatibleVersion() {
        String topic = uniqueTopic();
        String subject = topic + "-value";
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        registry.setCompatibility(subject, Compatibility.BACKWARD);
        registry.register(subject, eventIdAsLong());

        IncompatibleSchemaException refused = assertThrows(IncompatibleSchemaException.class,
                () -> AvroSerde.of(Event.class, registryUrl).serialize(topic, Samples.migrationCreated()));

        assertTrue(refused.getMessage().contains("relocate.schemas.Event"), refused.getMessage());
    }

    @Test
    void badBytesRaiseSerializationExceptionsThatSayWhy() {
        String topic = uniqueTopic();
        AvroSerde<Event> serde = AvroSerde.of(Event.class, registryUrl);
        byte[] good = serde.serialize(topic, Samples.stepCompletedWithPreflight());

        String unknownId = poison(serde, topic, new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 2, 'x'});
        assertTrue(unknownId.contains("schema id 2147483632 is unknown"), unknownId);

        String truncated = poison(serde, topic, Arrays.copyOf(good, good.length - 20));
        assertTrue(truncated.contains("truncated or corrupt"), truncated);

        byte[] padded = Arrays.copyOf(good, good.length + 3);
        String leftOver = poison(serde, topic, padded);
        assertTrue(leftOver.contains("3 bytes are left over"), leftOver);

        String wrongMagic = poison(serde, topic, "not avro".getBytes());
        assertTrue(wrongMagic.contains("magic byte"), wrongMagic);

        byte[] command = AvroSerde.of(Command.class, registryUrl).serialize(topic + ".commands", Samples.runPreflight());
        String wrongType = poison(serde, topic, command);
        assertTrue(wrongType.contains("(relocate.schemas.Command), which is not a relocate.schemas.Event"), wrongType);
        assertTrue(wrongType.contains("Is this the right topic?"), wrongType);

        int incompatibleEvent = new SchemaRegistryClient(registryUrl).register(topic + ".other-value", eventIdAsLong());
        String unreadable = poison(serde, topic, wireFormat(incompatibleEvent, new byte[] {2}));
        assertTrue(unreadable.contains("which relocate.schemas.Event cannot read: Event.eventId: the type changed"),
                unreadable);
    }

    @Test
    void aReaderPreparedAheadDecodesTheLatestSchemaWithoutAskingTheRegistry() throws IOException {
        String topic = uniqueTopic();
        Event event = Samples.stepCompletedWithPreflight();
        byte[] bytes = AvroSerde.of(Event.class, registryUrl).serialize(topic, event);
        try (CountingProxy registry = CountingProxy.to(registryUrl)) {
            AvroSerde<Event> reader = AvroSerde.of(Event.class, registry.url());

            reader.prepareReading(topic);
            int asked = registry.requests();
            Event read = reader.deserialize(topic, bytes);

            assertEquals(event, read);
            assertTrue(asked > 0, "prepareReading asked the registry nothing");
            assertEquals(asked, registry.requests(), "the first message still went to the registry");
        }
    }

    @Test
    void aWriterPreparedAheadSerializesWithoutAskingTheRegistry() throws IOException {
        String topic = uniqueTopic();
        Event event = Samples.stepCompletedWithPreflight();
        try (CountingProxy registry = CountingProxy.to(registryUrl)) {
            AvroSerde<Event> writer = AvroSerde.of(Event.class, registry.url());

            writer.prepareWriting(topic);
            int asked = registry.requests();
            byte[] bytes = writer.serialize(topic, event);

            assertEquals(asked, registry.requests(), "the first message still went to the registry");
            assertEquals(event, AvroSerde.of(Event.class, registryUrl).deserialize(topic, bytes));
        }
    }

    @Test
    void servicesWarmingUpOneSerdeAtOnceRegisterItsSchemaOnce() throws Exception {
        String topic = uniqueTopic();
        try (CountingProxy registry = CountingProxy.to(registryUrl)) {
            AvroSerde<Event> shared = AvroSerde.of(Event.class, registry.url());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> services = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    shared.prepareWriting(topic);
                });
                t.start();
                services.add(t);
            }
            go.countDown();
            for (Thread t : services) {
                t.join(30_000);
            }

            assertEquals(1, registry.requests(), "one registration for four services warming up together");
        }
    }

    @Test
    void preparingToReadASubjectWithNothingRegisteredFindsNothingAndFailsNothing() {
        String topic = uniqueTopic();
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);

        assertTrue(registry.latestId(AvroSerde.subject(topic, false)).isEmpty());
        new AvroSerde<>(Event.class, registry).prepareReading(topic);
        int id = registry.register(AvroSerde.subject(topic, false), Event.getClassSchema());
        assertEquals(id, registry.latestId(AvroSerde.subject(topic, false)).orElseThrow());
    }

    private static String poison(AvroSerde<Event> serde, String topic, byte[] bytes) {
        SerializationException poison = assertThrows(SerializationException.class, () -> serde.deserialize(topic, bytes));
        assertTrue(poison.getMessage().contains(topic), poison.getMessage());
        return poison.getMessage();
    }

    /** A topic (and so a subject) of its own per test: the registry outlives single tests. */
    private static String uniqueTopic() {
        return "it." + UUID.randomUUID() + ".events";
    }

    /** An Event whose eventId is a long: incompatible with the real one both ways. */
    private static Schema eventIdAsLong() {
        return withFields(Event.getClassSchema(), fields -> {
            fields.replaceAll(f -> f.name().equals("eventId")
                    ? new Schema.Field("eventId", Schema.create(Schema.Type.LONG)) : f);
            return fields;
        });
    }

    /** A copy of a record schema with its fields changed. */
    private static Schema withFields(Schema record, UnaryOperator<List<Schema.Field>> change) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, change.apply(fields));
    }

    /** The Avro body of a wire-format message, re-encoded with another version of its schema. */
    private static byte[] rewrite(byte[] message, Schema version, String traceId) throws IOException {
        GenericRecord record = new GenericDatumReader<GenericRecord>(Event.getClassSchema(), version)
                .read(null, DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, null));
        if (traceId != null) {
            record.put("traceId", traceId);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(version).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] wireFormat(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    /** The registry behind a forwarding HTTP server that counts the requests passing through it. */
    private static final class CountingProxy implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final String path;
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        private CountingProxy(String registryUrl) throws IOException {
            java.net.URI target = java.net.URI.create(registryUrl);
            this.path = target.getRawPath();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                java.net.URI uri = target.resolve(exchange.getRequestURI().getRawPath());
                byte[] body = exchange.getRequestBody().readAllBytes();
                java.net.http.HttpRequest.Builder forward = java.net.http.HttpRequest.newBuilder(uri)
                        .method(exchange.getRequestMethod(), body.length == 0
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null) {
                    forward.header("Content-Type", type);
                }
                try {
                    java.net.http.HttpResponse<byte[]> answer = http.send(forward.build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    answer.headers().firstValue("Content-Type")
                            .ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                    exchange.getResponseBody().write(answer.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        static CountingProxy to(String registryUrl) throws IOException {
            return new CountingProxy(registryUrl);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
