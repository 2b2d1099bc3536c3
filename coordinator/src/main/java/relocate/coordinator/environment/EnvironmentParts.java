package relocate.coordinator.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** An environment's blob store and DNS record, read from and written to their JSON columns. */
public final class EnvironmentParts {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EnvironmentParts() {
    }

    public static Optional<StoredBlobStore> blobStore(Environment e) {
        return read(e.blobStore(), StoredBlobStore.class, e.name());
    }

    public static Optional<StoredDns> dns(Environment e) {
        return read(e.dns(), StoredDns.class, e.name());
    }

    static String write(Object part) {
        if (part == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(part);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + part.getClass().getSimpleName(), e);
        }
    }

    private static <T> Optional<T> read(String json, Class<T> type, String environment) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("environment " + environment + " has an unreadable "
                    + type.getSimpleName() + ": register it again", e);
        }
    }
}
