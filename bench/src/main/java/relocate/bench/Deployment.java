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
import relocate.cli.api.CoordinatorClient;
import relocate.stack.StackEndpoints;

/**
 * The Relocate services of one setup (a coordinator, dumpers, loaders, each a process of its own, as deployed),
 * started once and kept for every run of that setup: a deployment's services run migration after migration,
 * their hot paths compiled by the first. Their peak RSS is over their whole life.
 */
final class Deployment implements AutoCloseable {
    private final StackEndpoints stack;
    private final RelocateRun.Setup setup;
    private final Path logs;
    private final List<ServiceProcess> services;
    private final CoordinatorClient client;

    /** How a migration ended: its id and COMPLETED, or the failed step and the reason. */
    record Outcome(String id, String state) {
        boolean completed() {
            return state.equals("COMPLETED");
        }
    }

    private Deployment(StackEndpoints stack, RelocateRun.Setup setup, Path logs, List<ServiceProcess> services,
                       CoordinatorClient client) {
        this.stack = stack;
        this.setup = setup;
        this.logs = logs;
        this.services = services;
        this.client = client;
    }

    /**
     * The coordinator's JVM, as docker-compose.yml runs it: it does no row work, so C1's code serves it, and a
     * migration on a coordinator just started does not wait for C2's compilations (its CPU in a first 1M
     * migration halved: BENCHMARKS.md). The serial collector: small heaps on a host whose cores do the copying.
     */
    static final List<String> COORDINATOR_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** A dumper's or loader's JVM: their row loops want C2. */
    static final List<String> WORKER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

    /** Starts the services and waits until every worker holds partitions of its command topic. */
    static Deployment start(StackEndpoints stack, String secretKey, Path work, RelocateRun.Setup setup)
            throws IOException, InterruptedException {
        Path logs = work.resolve("logs").resolve(setup.describe() + "-" + setup.compression());
        int port = freePort();
        List<ServiceProcess> services = new ArrayList<>();
        try {
            ServiceProcess coordinator = ServiceProcess.start("coordinator", "relocate.coordinator.CoordinatorApplication",
                    COORDINATOR_JVM, settings(stack, secretKey, work, "coordinator", port, "coordinator", setup), logs);
            services.add(coordinator);
            List<ServiceProcess> workers = new ArrayList<>();
            for (int i = 1; i <= setup.instances(); i++) {
                workers.add(ServiceProcess.start("dumper-" + i, "relocate.dumper.DumperApplication", WORKER_JVM,
                        settings(stack, secretKey, work, "dumper-" + i, -1, "dumper", setup), logs));
                workers.add(ServiceProcess.start("loader-" + i, "relocate.loader.LoaderApplication", WORKER_JVM,
                        settings(stack, secretKey, work, "loader-" + i, -1, "loader", setup), logs));
            }
            services.addAll(workers);
            CoordinatorClient client = new CoordinatorClient("http://127.0.0.1:" + port);
            awaitReachable(client);
            for (ServiceProcess w : workers) {
                w.awaitConsuming(Duration.ofMinutes(2));
            }
            Thread.sleep(3000); // the last joiner's rebalance settles: every worker holds partitions
            return new Deployment(stack, setup, logs, services, client);
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ServiceProcess s : services) {
                s.close();
            }
            throw e;
        }
    }

    RelocateRun.Setup setup() {
        return setup;
    }

    Path logs() {
        return logs;
    }

    /**
     * Migrates {@code domain} from one database of the stack to another (each registered as an environment named
     * after it) and waits until the migration completes or fails; a failed one is aborted (a later run migrates
     * the same domain: it must not stay open).
     */
    Outcome migrate(String domain, String sourceDb, String targetDb) throws InterruptedException {
        register(sourceDb);
        register(targetDb);
        JsonNode created = client.post("/migrations", Map.of("domain", domain, "from", environment(sourceDb),
                "to", environment(targetDb), "options", Map.of("run", "true",
                        "chunk-rows", String.valueOf(setup.chunkRows()))));
        String id = created.get("id").asText();
        JsonNode m = client.get("/migrations/" + id);
        long deadline = System.nanoTime() + Duration.ofHours(3).toNanos();
        while (!m.get("state").asText().matches("COMPLETED|FAILED") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            m = client.get("/migrations/" + id);
        }
        String state = m.get("state").asText();
        if (state.equals("COMPLETED")) {
            return new Outcome(id, state);
        }
        String reason = m.get("step").asText() + " " + state + ": " + m.path("reason").asText();
        client.post("/migrations/" + id + "/abort", Map.of("reason", "benchmark run failed"));
        long abortDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!client.get("/migrations/" + id).get("state").asText().equals("ABORTED")
                && System.nanoTime() < abortDeadline) {
            Thread.sleep(500);
        }
        return new Outcome(id, reason);
    }

    /** Each service's peak RSS so far, in MiB. */
    Map<String, Long> peakMiB() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        services.forEach(s -> peaks.put(s.name(), s.peakMiB()));
        return peaks;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess s : services) {
            s.close();
        }
    }

    private void register(String database) {
        client.put("/environments/" + environment(database), Map.of("jdbcUrl", stack.jdbcUrl(database), "user",
                stack.postgresUser(), "password", ""));
    }

    private static String environment(String database) {
        return database.replace('_', '-');
    }

    private static Map<String, Object> settings(StackEndpoints stack, String secretKey, Path work, String workerId,
                                                int port, String role, RelocateRun.Setup setup) {
        Map<String, Object> p = new HashMap<>(stack.relocateProperties(RelocateRun.COORDINATOR_DATABASE));
        p.put("micronaut.server.port", port);
        p.put("relocate.secret-key", secretKey);
        p.put("relocate.worker-id", workerId);
        p.put("relocate.artifacts.dir", work.resolve("artifacts").toString());
        p.put("relocate.artifacts.compression", setup.compression());
        p.put("relocate.status.state-dir", work.resolve("status").resolve(setup.describe() + "-"
                + setup.compression()).toString());
        for (String r : List.of("coordinator", "dumper", "loader", "blob", "dns")) {
            p.put("relocate." + r + ".enabled", String.valueOf(r.equals(role)));
        }
        p.put("relocate.dumper.workers", setup.workers());
        p.put("relocate.loader.workers", setup.workers());
        return p;
    }

    private static void awaitReachable(CoordinatorClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!client.reachable()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the coordinator did not answer within 2 minutes: see its log");
            }
            Thread.sleep(300);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
