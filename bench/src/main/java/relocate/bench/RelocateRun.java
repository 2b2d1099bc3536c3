package relocate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.store.FileArtifactStore;
import relocate.bench.TaskTimeline.Span;
import relocate.cli.api.CoordinatorClient;
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
 * A full Relocate offline migration (preflight to commit) of one domain, with the coordinator, the dumpers and
 * the loaders each a process of its own, started for this run so that their peak RSS is this run's. Timings
 * come from the migration's events: the services' StepStarted and outcomes, the coordinator's decisions.
 */
final class RelocateRun {
    static final String COORDINATOR_DATABASE = "bench_coordinator";

    /** How the services are deployed for a run. */
    record Setup(int instances, int workers, String compression, int chunkRows) {
        String describe() {
            return instances + "x" + workers;
        }
    }

    record Result(String migrationId, String state, long rows, long bytes, long storedBytes, long totalMillis,
                  long copyMillis, long busyMillis, long verifyMillis, long verifyAfterLoadMillis,
                  Map<String, Long> peakMiB, Double hostBusyPercent, Map<String, Double> cpuSeconds) {
        long overheadMillis() {
            return Math.max(0, totalMillis - busyMillis);
        }
    }

    private RelocateRun() {
    }

    static Result run(StackEndpoints stack, String secretKey, Path work, String sourceDb, String targetDb, String domain,
                      Setup setup) throws Exception {
        Path artifacts = work.resolve("artifacts");
        Path logs = work.resolve("logs").resolve(targetDb + "-" + setup.describe());
        int port = freePort();
        List<ServiceProcess> services = new ArrayList<>();
        try {
            ServiceProcess coordinator = ServiceProcess.start("coordinator", "relocate.coordinator.CoordinatorApplication",
                    "384m", settings(stack, secretKey, work, "coordinator", port, "coordinator", setup), logs);
            services.add(coordinator);
            List<ServiceProcess> workers = new ArrayList<>();
            for (int i = 1; i <= setup.instances(); i++) {
                workers.add(ServiceProcess.start("dumper-" + i, "relocate.dumper.DumperApplication", "256m",
                        settings(stack, secretKey, work, "dumper-" + i, -1, "dumper", setup), logs));
                workers.add(ServiceProcess.start("loader-" + i, "relocate.loader.LoaderApplication", "256m",
                        settings(stack, secretKey, work, "loader-" + i, -1, "loader", setup), logs));
            }
            services.addAll(workers);
            CoordinatorClient client = new CoordinatorClient("http://127.0.0.1:" + port);
            awaitReachable(client, coordinator);
            for (ServiceProcess w : workers) {
                w.awaitConsuming(Duration.ofMinutes(2));
            }
            Thread.sleep(3000); // the last joiner's rebalance settles: every worker holds partitions
            client.put("/environments/bench-source", Map.of("jdbcUrl", stack.jdbcUrl(sourceDb), "user",
                    stack.postgresUser(), "password", ""));
            client.put("/environments/" + environment(targetDb), Map.of("jdbcUrl", stack.jdbcUrl(targetDb), "user",
                    stack.postgresUser(), "password", ""));
            HostCpu.Sample cpu = HostCpu.now();
            ProcessCpu.Sample byProcess = ProcessCpu.now();
            JsonNode created = client.post("/migrations", Map.of("domain", domain, "from", "bench-source",
                    "to", environment(targetDb), "options", Map.of("run", "true",
                            "chunk-rows", String.valueOf(setup.chunkRows()))));
            String id = created.get("id").asText();
            JsonNode m = client.get("/migrations/" + id);
            long deadline = System.nanoTime() + Duration.ofHours(3).toNanos();
            while (!m.get("state").asText().matches("COMPLETED|FAILED") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                services.forEach(ServiceProcess::peakMiB);
                m = client.get("/migrations/" + id);
            }
            // polled every 0.5 s: the window ends up to that much after the migration, idle
            Double hostBusy = HostCpu.busyPercent(cpu, HostCpu.now());
            Map<String, Double> cpuSeconds = ProcessCpu.secondsBetween(byProcess, ProcessCpu.now());
            Map<String, Long> peaks = new LinkedHashMap<>();
            services.forEach(s -> peaks.put(s.name(), s.peakMiB()));
            String state = m.get("state").asText();
            if (!state.equals("COMPLETED")) {
                String reason = m.get("step").asText() + " " + state + ": " + m.path("reason").asText();
                // the next run migrates the same domain: this one must not stay open
                client.post("/migrations/" + id + "/abort", Map.of("reason", "benchmark run failed"));
                long abortDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (!client.get("/migrations/" + id).get("state").asText().equals("ABORTED")
                        && System.nanoTime() < abortDeadline) {
                    Thread.sleep(500);
                }
                return new Result(id, reason, 0, 0, 0, 0, 0, 0, 0, 0, peaks, hostBusy, cpuSeconds);
            }
            Manifest manifest = ManifestJson.read(new FileArtifactStore(artifacts), id);
            Timeline t = timeline(stack, id);
            System.out.println("   migration " + id + ", from its creation:");
            t.tasks.steps(t.createdMillis).forEach(line -> System.out.println("   " + line));
            if (Boolean.getBoolean("relocate.bench.spans")) {
                t.tasks.spanLines(t.createdMillis).forEach(line -> System.out.println("     " + line));
            }
            return new Result(id, state, manifest.totalRows(), manifest.totalBytes(), manifest.totalStoredBytes(),
                    t.totalMillis, t.tasks.busyMillis(s -> s.step().equals("DUMP") || s.step().equals("LOAD")),
                    t.tasks.busyMillis(), t.tasks.busyMillis("VERIFY"), t.tasks.endsAfter("VERIFY", "LOAD"), peaks,
                    hostBusy, cpuSeconds);
        } finally {
            for (ServiceProcess s : services) {
                s.close();
            }
        }
    }

    private static String environment(String targetDb) {
        return targetDb.replace('_', '-');
    }

    private static Map<String, Object> settings(StackEndpoints stack, String secretKey, Path work, String workerId,
                                                int port, String role, Setup setup) {
        Map<String, Object> p = new HashMap<>(stack.relocateProperties(COORDINATOR_DATABASE));
        p.put("micronaut.server.port", port);
        p.put("relocate.secret-key", secretKey);
        p.put("relocate.worker-id", workerId);
        p.put("relocate.artifacts.dir", work.resolve("artifacts").toString());
        p.put("relocate.artifacts.compression", setup.compression());
        p.put("relocate.status.state-dir", work.resolve("status").toString());
        for (String r : List.of("coordinator", "dumper", "loader", "blob", "dns")) {
            p.put("relocate." + r + ".enabled", String.valueOf(r.equals(role)));
        }
        p.put("relocate.dumper.workers", setup.workers());
        p.put("relocate.loader.workers", setup.workers());
        return p;
    }

    private static void awaitReachable(CoordinatorClient client, ServiceProcess coordinator) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!client.reachable()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the coordinator did not answer within 2 minutes: see its log");
            }
            Thread.sleep(300);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
