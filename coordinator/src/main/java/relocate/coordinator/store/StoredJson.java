package relocate.coordinator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The coordinator's JSON columns (a migration's work, options and preflight report, an environment's blob
 * store and DNS record), written and read one way. Fields a newer version added and an older one does not
 * know are skipped; the schema migrations (Flyway) complete what older versions stored.
 */
public final class StoredJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StoredJson() {
    }

    /** @param what names the value in the error, e.g. "the migration's work" */
    public static String write(Object value, String what) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type, String what) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type, String what) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
