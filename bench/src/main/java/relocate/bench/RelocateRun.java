package relocate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.store.FileArtifactStore;
import relocate.bench.TaskTimeline.Span;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.kafka.TopicContents;
import relocate.schemas.Event;
import relocate.schemas.MigrationCreated;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepStarted;
import relocate.schemas.topic.Topics;
import relocate.stack.StackEndpoints;

/**
 * A full Relocate offline migration (preflight to commit) of one domain through a {@link Deployment}, measured:
 * timings from the migration's events (the services' StepStarted and outcomes, the coordinator's decisions), the
 * host's CPU and each component's over the run.
 */
final class RelocateRun {
    static final String COORDINATOR_DATABASE = "bench_coordinator";

    /** How the services are deployed for a run. */
    record Setup(int instances, int workers, String compression, int chunkRows, boolean warm) {
        /**
         * {@code 1x2}: instances x workers each, services that have run a warm-up migration; {@code 1x2-cold}:
         * services measured on their first migration.
         */
        String describe() {
            return instances + "x" + workers + (warm ? "" : "-cold");
        }
    }

    record Result(String migrationId, String state, long rows, long bytes, long storedBytes, long totalMillis,
                  long copyMillis, long busyMillis, long verifyMillis, long verifyAfterLoadMillis,
                  Map<String, Long> peakMiB, CpuUse cpu) {
        long overheadMillis() {
            return Math.max(0, totalMillis - busyMillis);
        }
    }

    private RelocateRun() {
    }

    /** One measured migration of {@code domain} through {@code deployment}, from {@code sourceDb} into {@code targetDb}. */
    static Result run(Deployment deployment, StackEndpoints stack, Path work, String sourceDb, String targetDb,
                      String domain) throws IOException, InterruptedException {
        CpuUse.Start started = CpuUse.start();
        Deployment.Outcome m = deployment.migrate(domain, sourceDb, targetDb);
        // the migration is polled every 0.5 s: the window ends up to that much after it, idle
        CpuUse cpu = started.end();
        Map<String, Long> peaks = deployment.peakMiB();
        if (!m.completed()) {
            return new Result(m.id(), m.state(), 0, 0, 0, 0, 0, 0, 0, 0, peaks, cpu);
        }
        Manifest manifest = ManifestJson.read(new FileArtifactStore(work.resolve("artifacts")), m.id());
        Timeline t = timeline(stack, m.id());
        System.out.println("   migration " + m.id() + ", from its creation:");
        t.tasks.steps(t.createdMillis).forEach(line -> System.out.println("   " + line));
        if (Boolean.getBoolean("relocate.bench.spans")) {
            t.tasks.spanLines(t.createdMillis).forEach(line -> System.out.println("     " + line));
        }
        return new Result(m.id(), m.state(), manifest.totalRows(), manifest.totalBytes(), manifest.totalStoredBytes(),
                t.totalMillis, t.tasks.busyMillis(s -> s.step().equals("DUMP") || s.step().equals("LOAD")),
                t.tasks.busyMillis(), t.tasks.busyMillis("VERIFY"), t.tasks.endsAfter("VERIFY", "LOAD"), peaks,
                cpu);
    }

    private record Timeline(long createdMillis, long totalMillis, TaskTimeline tasks) {
    }

    /** The migration's events: each command's span from StepStarted to its outcome, and the whole from creation to COMPLETED. */
    private static Timeline timeline(StackEndpoints stack, String migrationId) {
        Serdes serdes = Serdes.create(new KafkaConfig(stack.bootstrapServers(), stack.registryUrl(), 4));
        Map<String, Event> started = new HashMap<>();
        List<Span> spans = new ArrayList<>();
        long created = -1;
        long completed = -1;
        for (ConsumerRecord<String, byte[]> r : TopicContents.readAll(stack.bootstrapServers(), Topics.EVENTS, Duration.ofMinutes(2))) {
            if (!migrationId.equals(r.key())) {
                continue;
            }
            Event e = serdes.event().deserialize(Topics.EVENTS, r.value());
            long at = e.getOccurredAt().toEpochMilli();
            Object payload = e.getPayload();
            if (payload instanceof MigrationCreated) {
                created = at;
            } else if (payload instanceof MigrationStateChanged c && c.getState() == MigrationState.COMPLETED) {
                completed = at;
            } else if (payload instanceof StepStarted) {
                started.putIfAbsent(e.getCommandId(), e);
            } else if ((payload instanceof StepCompleted || payload instanceof StepFailed) && e.getCommandId() != null) {
                Event start = started.remove(e.getCommandId());
                if (start != null) {
                    spans.add(new Span(e.getStep().name(), e.getTask() == null ? "" : e.getTask(),
                            start.getOccurredAt().toEpochMilli(), at));
                }
            }
        }
        if (created < 0 || completed < 0) {
            throw new IllegalStateException("the events of migration " + migrationId + " lack its creation or completion");
        }
        return new Timeline(created, completed - created, new TaskTimeline(spans));
    }
}
