package relocate.messaging.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the last commands this process finished, to recognise a redelivered command. */
final class RecentIds {
    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    synchronized void add(String id) {
        ids.put(id, Boolean.TRUE);
    }
}
