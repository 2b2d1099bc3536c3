package relocate.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro records as natural JSON, for HTTP responses and the CLI (not Avro's own JSON encoding, which
 * wraps union values as {@code {"type": value}}): a union is its value or null, an enum its symbol's
 * name, a map a JSON object, an array a JSON array, a timestamp an ISO-8601 string
 * ({@code 2026-11-23T09:29:21.123Z}), bytes and fixed base64. Fields keep their schema order.
 * Reading JSON back into records is not supported: JSON here is for people and dashboards.
 */
public final class AvroJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Resolves union branches of values already converted by the generated classes (Instant, LocalDate, ...). */
    private static final GenericData MODEL = modelWithConversions();

    private AvroJson() {
    }

    /** The record as a compact JSON text. */
    public static String toJson(SpecificRecord record) {
        try {
            return MAPPER.writeValueAsString(toTree(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON of " + record.getSchema().getFullName(), e);
        }
    }

    /** The record as a Jackson tree (null for a null record). */
    public static JsonNode toTree(SpecificRecord record) {
        if (record == null) {
            return NODES.nullNode();
        }
        return value(record, record.getSchema());
    }

    private static JsonNode value(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case NULL -> NODES.nullNode();
            case UNION -> value(value, schema.getTypes().get(MODEL.resolveUnion(schema, value)));
            case RECORD -> record((IndexedRecord) value);
            case ENUM -> NODES.textNode(value instanceof Enum<?> symbol ? symbol.name() : value.toString());
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) value) {
                    array.add(value(item, schema.getElementType()));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    object.set(entry.getKey().toString(), value(entry.getValue(), schema.getValueType()));
                }
                yield object;
            }
            case STRING -> NODES.textNode(value.toString());
            case BYTES -> value instanceof BigDecimal decimal ? NODES.numberNode(decimal) : base64((ByteBuffer) value);
            case FIXED -> value instanceof BigDecimal decimal ? NODES.numberNode(decimal)
                    : value instanceof UUID ? NODES.textNode(value.toString())
                    : NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case INT -> value instanceof Integer number ? NODES.numberNode(number) : NODES.textNode(value.toString());
            case LONG -> longValue(value, schema.getLogicalType());
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
        };
    }

    private static ObjectNode record(IndexedRecord record) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            object.set(field.name(), value(record.get(field.pos()), field.schema()));
        }
        return object;
    }

    /** Timestamps as ISO-8601, whether or not the record class converted them; other longs as numbers. */
    private static JsonNode longValue(Object value, LogicalType logicalType) {
        if (value instanceof TemporalAccessor temporal) {
            return NODES.textNode(temporal.toString());
        }
        long number = (Long) value;
        String logicalName = logicalType == null ? "" : logicalType.getName();
        return switch (logicalName) {
            case "timestamp-millis" -> NODES.textNode(Instant.ofEpochMilli(number).toString());
            case "timestamp-micros" -> NODES.textNode(Instant.EPOCH.plus(number, ChronoUnit.MICROS).toString());
            case "timestamp-nanos" -> NODES.textNode(Instant.EPOCH.plus(number, ChronoUnit.NANOS).toString());
            default -> NODES.numberNode(number);
        };
    }

    private static JsonNode base64(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] array = new byte[copy.remaining()];
        copy.get(array);
        return NODES.textNode(Base64.getEncoder().encodeToString(array));
    }

    private static GenericData modelWithConversions() {
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        return model;
    }
}
