package relocate.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Relocate role as a JVM of its own (as deployed): this JVM's java and classpath, the settings as system
 * properties, output to a log file. For tests that kill workers and for the benchmark, which measures each.
 */
public final class JavaProcesses {
    private JavaProcesses() {
    }

    /** This JVM's java executable, for a child running Relocate's own classes. */
    public static String java() {
        return ChildProcesses.java();
    }

    /** Starts {@code mainClass}; the process is killed when this JVM exits. */
    public static Process start(String mainClass, String maxHeap, Map<String, ?> settings, Path log) throws IOException {
        return start(mainClass, List.of("-Xmx" + maxHeap), settings, log);
    }

    /** Starts {@code mainClass} with these options for its JVM (a heap size, a compiler setting). */
    public static Process start(String mainClass, List<String> javaOptions, Map<String, ?> settings, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildProcesses.java()));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(mainClass);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }
}
