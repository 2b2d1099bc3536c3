package relocate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import relocate.stack.JavaProcesses;

/** One Relocate service as a process of its own (as deployed), its output in a log file, its peak RSS read before it stops. */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern ASSIGNED = Pattern.compile("assigned \\[relocate\\.cmd\\.");

    private final String name;
    private final Process process;
    private final Path log;
    private long peakMiB = -1;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} from this JVM's classpath with {@code jvmOptions} and {@code settings} as system
     * properties; {@code relocate.bench.service-java-options} and {@code relocate.bench.<role>-java-options} (role:
     * the name without its instance number) add options, for experiments.
     */
    static ServiceProcess start(String name, String mainClass, List<String> jvmOptions, Map<String, Object> settings,
                                Path logs) throws IOException {
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> options = new ArrayList<>(jvmOptions);
        for (String property : List.of("relocate.bench.service-java-options",
                "relocate.bench." + name.replaceAll("-\\d+$", "") + "-java-options")) {
            String extra = System.getProperty(property, "").trim();
            if (!extra.isEmpty()) {
                options.addAll(List.of(extra.split("\\s+")));
            }
        }
        Process p = JavaProcesses.start(mainClass, options, settings, log);
        return new ServiceProcess(name, p, log);
    }

    String name() {
        return name;
    }

    /** Waits until the service holds partitions of its command topic (it consumes). */
    void awaitConsuming(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: see " + log);
            }
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> ASSIGNED.matcher(l).find()
                    && !l.endsWith("assigned []"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " took no partitions within " + timeout + ": see " + log);
    }

    /** Peak RSS so far, in MiB. */
    long peakMiB() {
        long now = PeakMemory.peakMiB(process.pid());
        peakMiB = Math.max(peakMiB, now);
        return peakMiB;
    }

    @Override
    public void close() throws InterruptedException {
        peakMiB();
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
