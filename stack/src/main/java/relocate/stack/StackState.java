package relocate.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code <stateDir>/stack.properties}: per component its ports, PID and start time; for a test stack, the JVM
 * that owns it. Plain properties so that a person can read it.
 */
final class StackState {

    static final String FILE = "stack.properties";
    private static final String LOCK_FILE = "stack.lock";
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Properties properties;

    private StackState(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    static StackState load(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new StackException("Cannot read the stack's state file " + file + ": " + e.getMessage(), e);
            }
        }
        return new StackState(file, properties);
    }

    /** Written to a temp file and moved into place, so a reader never sees half a file. */
    void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(FILE + ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(out, "Relocate local stack, written by relocate.stack.LocalStack");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("Cannot write the stack's state file " + file + ": " + e.getMessage(), e);
        }
    }

    Optional<ChildProcesses.Recorded> process(String component, String stopSignal) {
        String pid = properties.getProperty(component + ".pid");
        String started = properties.getProperty(component + ".started");
        if (pid == null || started == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChildProcesses.Recorded(component, Long.parseLong(pid), Long.parseLong(started),
                    stopSignal));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean isRunning(String component) {
        return process(component, "TERM").map(p -> ChildProcesses.isAlive(p.pid(), p.startedMillis())).orElse(false);
    }

    OptionalInt port(String component, String key) {
        String value = properties.getProperty(component + "." + key);
        try {
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    void record(StackComponent component, long pid, long startedMillis) {
        forget(component.name());
        for (StackComponent.PortUse port : component.ports()) {
            properties.setProperty(component.name() + "." + port.key(), Integer.toString(port.port()));
        }
        properties.setProperty(component.name() + ".pid", Long.toString(pid));
        properties.setProperty(component.name() + ".started", Long.toString(startedMillis));
    }

    /** Removes the component's PID; its ports stay, as a record of where it last ran. */
    void forget(String component) {
        properties.remove(component + ".pid");
        properties.remove(component + ".started");
    }

    void owner(ProcessHandle jvm) {
        properties.setProperty("owner.pid", Long.toString(jvm.pid()));
        properties.setProperty("owner.started",
                Long.toString(jvm.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L)));
    }

    /** For a test stack: whether the JVM that created it is gone (so its servers are orphans). */
    boolean ownerIsGone() {
        String pid = properties.getProperty("owner.pid");
        String started = properties.getProperty("owner.started");
        if (pid == null || started == null) {
            return false;
        }
        try {
            return !ChildProcesses.isAlive(Long.parseLong(pid), Long.parseLong(started));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Runs {@code action} holding the state dir's lock: a monitor against other threads of this JVM and a file
     * lock against other JVMs (a CLI and a test run on the same folder).
     */
    static <T> T locked(Path stateDir, Supplier<T> action) {
        synchronized (MONITORS.computeIfAbsent(stateDir, dir -> new Object())) {
            try {
                Files.createDirectories(stateDir);
                try (FileChannel channel = FileChannel.open(stateDir.resolve(LOCK_FILE),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    return action.get();
                }
            } catch (IOException e) {
                throw new StackException("Cannot lock the stack state folder " + stateDir + ": " + e.getMessage(), e);
            }
        }
    }
}
