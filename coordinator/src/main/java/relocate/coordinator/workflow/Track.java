package relocate.coordinator.workflow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A step running alongside the migration's current one: BLOB_COPY, started with DUMP so that blobs copy
 * while rows dump and load, VERIFY, model by model beside LOAD's last task, and the operator's DNS_PREPARE
 * and DNS_ROLLBACK. Its answers are kept here until the migration reaches the step (BLOB_COPY, VERIFY), or for
 * the status (the DNS actions).
 *
 * @param reason why a task failed, for the operator; null while none has
 */
public record Track(int attempt, Set<String> dispatched, Set<String> done, Set<String> failed, String reason) {

    public Track {
        dispatched = Set.copyOf(dispatched);
        done = Set.copyOf(done);
        failed = Set.copyOf(failed);
    }

    static Track started(int attempt, Iterable<String> tasks) {
        Set<String> d = new LinkedHashSet<>();
        tasks.forEach(d::add);
        return new Track(attempt, d, Set.of(), Set.of(), null);
    }

    public Set<String> inFlight() {
        Set<String> open = new LinkedHashSet<>(dispatched);
        open.removeAll(done);
        open.removeAll(failed);
        return open;
    }

    Track withDispatched(List<String> tasks) {
        Set<String> d = new LinkedHashSet<>(dispatched);
        d.addAll(tasks);
        return new Track(attempt, d, done, failed, reason);
    }

    /** The track without its failed tasks, as if they had never been sent. */
    Track withoutFailed() {
        Set<String> d = new LinkedHashSet<>(dispatched);
        d.removeAll(failed);
        return new Track(attempt, d, done, Set.of(), null);
    }

    Track withDone(String task) {
        Set<String> d = new LinkedHashSet<>(done);
        d.add(task);
        return new Track(attempt, dispatched, d, failed, reason);
    }

    Track withFailed(String task, String why) {
        Set<String> f = new LinkedHashSet<>(failed);
        f.add(task);
        return new Track(attempt, dispatched, done, f, why);
    }
}
