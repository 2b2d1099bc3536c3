package relocate.coordinator.environment;

import java.util.Optional;
import relocate.coordinator.store.StoredJson;

/** An environment's blob store and DNS record, read from and written to their JSON columns. */
public final class EnvironmentParts {
    private EnvironmentParts() {
    }

    public static Optional<StoredBlobStore> blobStore(Environment e) {
        return read(e.blobStore(), StoredBlobStore.class, e.name());
    }

    public static Optional<StoredDns> dns(Environment e) {
        return read(e.dns(), StoredDns.class, e.name());
    }

    static String write(Object part) {
        return part == null ? null : StoredJson.write(part, "the environment's " + part.getClass().getSimpleName());
    }

    private static <T> Optional<T> read(String json, Class<T> type, String environment) {
        return json == null ? Optional.empty() : Optional.of(StoredJson.read(json, type,
                "the " + type.getSimpleName() + " of environment " + environment + " (register it again)"));
    }
}
