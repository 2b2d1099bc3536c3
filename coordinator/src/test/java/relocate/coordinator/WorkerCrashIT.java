package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.addEnvironment;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import relocate.sample.SampleDomain;

/**
 * A dumper and a loader, each in a process of its own, are killed (SIGKILL) while chunks are in flight;
 * new ones take their commands over and the migration completes with the source's counts and checksums.
 */
class WorkerCrashIT {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static final Map<String, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void killedWorkersAreReplacedAndTheMigrationCompletesWithEqualChecksums() throws Exception {
        Coordinators.createDatabase("crash_src");
        Coordinators.createDatabase("crash_tgt");
        try (Connection source = Coordinators.connect("crash_src"); Connection target = Coordinators.connect("crash_tgt")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            SampleDomain.seed(source, "acme", 0, 60_000);
        }
        Map<String, Object> extra = Map.of("relocate.dumper.enabled", "false", "relocate.loader.enabled", "false");
        Map<String, Object> props = Coordinators.properties("crash_workers_coordinator", "crashw");
        props.putAll(extra);
        Coordinators.createDatabase("crash_workers_coordinator");
        EmbeddedServer server = io.micronaut.context.ApplicationContext.run(EmbeddedServer.class, props);
        List<Process> workers = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + server.getPort();
            addEnvironment(base, "crash-src", "crash_src", "postgres", "");
            addEnvironment(base, "crash-tgt", "crash_tgt", "postgres", "");
            // two dumpers from the start: the chunks of one domain spread over both
            Process dumper = worker("dumper", 1, workers);
            Process secondDumper = worker("dumper", 3, workers);
            Process loader = worker("loader", 1, workers);
            // both dumpers must hold partitions before the first command, or one takes them all
            awaitLog("dumper-1", "assigned \\[relocate\\.cmd\\.dump-");
            awaitLog("dumper-3", "assigned \\[relocate\\.cmd\\.dump-");

            Map<String, Object> body = new HashMap<>(Map.of("domain", "acme", "from", "crash-src", "to", "crash-tgt"));
            body.put("options", Map.of("run", "true", "chunk-rows", "1500"));
            String id = call("POST", base + "/migrations", body, 201).get("id").asText();

            awaitProgress(base, id, "dumped");
            awaitLog("dumper-1", "DUMP public\\.\\w+#\\d+ attempt 1 started by dumper-1");
            dumper.destroyForcibly().waitFor();
            worker("dumper", 2, workers);

            awaitProgress(base, id, "loaded");
            loader.destroyForcibly().waitFor();
            worker("loader", 2, workers);

            JsonNode m = awaitMigration(base, id, x -> x.get("state").asText().matches("COMPLETED|FAILED"), RUN);
            assertEquals("COMPLETED", m.get("state").asText(), m.toString());
            assertEquals(Coordinators.stats("crash_src", "acme"), Coordinators.stats("crash_tgt", "acme"));
            assertTrue(secondDumper.isAlive());
            for (String dumperId : List.of("dumper-1", "dumper-3")) {
                String log = Files.readString(LOGS.get(dumperId));
                assertTrue(java.util.regex.Pattern.compile("DUMP public\\.\\w+#\\d+ attempt 1 started by " + dumperId)
                        .matcher(log).find(), dumperId + " dumped nothing: " + log);
            }
        } finally {
            workers.forEach(Process::destroyForcibly);
            Coordinators.stop(server);
        }
    }

    /** Waits until some but not all chunks are dumped (or loaded): the worker is busy with the next one. */
    private static void awaitProgress(String base, String id, String field) {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode s = call("GET", base + "/domains/acme/status", null, 200);
                if (s.get("migrationId").asText().equals(id)) {
                    int done = 0;
                    int total = 0;
                    for (JsonNode model : s.get("models")) {
                        done += model.get(field).size();
                        total += model.get("chunkRows").size();
                    }
                    if (done >= 2 && done < total - 2) {
                        return;
                    }
                    assertTrue(total == 0 || done < total, "all chunks " + field + " before the worker could be killed: " + s);
                }
            } catch (AssertionError notYet) {
                if (notYet.getMessage().startsWith("all chunks")) {
                    throw notYet;
                }
            }
            Coordinators.sleep(50);
        }
        throw new AssertionError("no chunk " + field + " in time");
    }

    private static void awaitLog(String workerId, String regex) throws Exception {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(regex);
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            if (line.matcher(Files.readString(LOGS.get(workerId))).find()) {
                return;
            }
            Coordinators.sleep(100);
        }
        throw new AssertionError(workerId + " never logged '" + line + "': " + Files.readString(LOGS.get(workerId)));
    }

    private static Process worker(String role, int n, List<Process> workers) throws Exception {
        Map<String, Object> props = Coordinators.properties("crash_workers_coordinator", "crashw");
        props.put("relocate.worker-id", role + "-" + n);
        props.put("relocate.coordinator.enabled", "false");
        props.put("relocate.dumper.enabled", String.valueOf(role.equals("dumper")));
        props.put("relocate.loader.enabled", String.valueOf(role.equals("loader")));
        Path log = Files.createTempFile("relocate-" + role + "-" + n, ".log");
        LOGS.put(role + "-" + n, log);
        Process p = Coordinators.startProcess(role.equals("dumper") ? "relocate.dumper.DumperApplication"
                : "relocate.loader.LoaderApplication", props, log);
        workers.add(p);
        return p;
    }
}
