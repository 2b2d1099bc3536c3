package relocate.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import relocate.schemas.Samples;

class AvroJsonTest {

    @Test
    void unionPayloadIsTheRecordItselfWithoutATypeWrapper() {
        JsonNode event = AvroJson.toTree(Samples.migrationCreated());

        JsonNode payload = event.get("payload");
        assertEquals(List.of("sourceEnvironment", "targetEnvironment", "options"), fieldNames(payload));
        assertEquals("eu-staging", payload.get("sourceEnvironment").asText());
        assertEquals("cases,users", payload.get("options").get("dumpers").asText(), "a map is a JSON object");
    }

    @Test
    void nullUnionIsJsonNullAndPresentUnionIsItsValue() {
        JsonNode created = AvroJson.toTree(Samples.migrationCreated());
        JsonNode completed = AvroJson.toTree(Samples.stepCompletedWithPreflight());

        assertTrue(created.get("commandId").isNull());
        assertTrue(completed.get("commandId").isTextual(), "not {\"string\": ...}");
        assertEquals("cmd-7", completed.get("commandId").asText());
    }

    @Test
    void timestampsAreIsoStringsAndEnumsTheirNames() {
        JsonNode event = AvroJson.toTree(Samples.migrationCreated());

        assertEquals("2026-11-23T09:29:21.123Z", event.get("occurredAt").asText());
        assertEquals("PREFLIGHT", event.get("step").asText());
        assertTrue(event.get("attempt").isInt());
    }

    @Test
    void nestedRecordsArraysAndNullablesInsideUnionsAreNatural() {
        JsonNode report = AvroJson.toTree(Samples.stepCompletedWithPreflight()).get("payload").get("preflight");

        JsonNode model = report.get("models").get(0);
        assertEquals("public.cases", model.get("name").asText());
        assertEquals(1200L, model.get("rows").asLong());
        assertTrue(model.get("rows").isIntegralNumber(), "a plain long stays a number");
        assertEquals("[\"id\",\"domain\",\"title\"]", model.get("columns").toString());
        assertEquals("MODEL_MISSING_ON_TARGET", report.get("problems").get(0).get("code").asText());
        assertTrue(report.get("problems").get(0).get("model").isNull());
    }

    @Test
    void statusShowsStepTimesAndMissingEndAsNull() {
        JsonNode status = AvroJson.toTree(Samples.status());

        JsonNode step = status.get("steps").get(0);
        assertEquals("2026-11-23T09:29:21.123Z", step.get("startedAt").asText(), "nullable timestamp-millis");
        assertTrue(step.get("endedAt").isNull());
        assertEquals("RUNNING", step.get("state").asText());
        assertEquals("2026-11-23T09:30:21.123Z", status.get("updatedAt").asText());
        assertEquals(3L, status.get("eventCount").asLong());
        assertFalse(status.has("schema"), "only the record's fields");
    }

    @Test
    void jsonTextIsTheTreeAndKeepsQuotesInValues() throws Exception {
        String json = AvroJson.toJson(Samples.migrationCreated());

        assertEquals(AvroJson.toTree(Samples.migrationCreated()), new ObjectMapper().readTree(json));
        assertEquals("acme's \"shop\"; drop table x", new ObjectMapper().readTree(json).get("domain").asText());
        assertTrue(json.startsWith("{\"eventId\":\"ev-1\""), json);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
