package relocate.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The one way Relocate starts its local stack: PostgreSQL, a Kafka broker, a schema registry and a DNS server
 * (BIND) as child processes on 127.0.0.1, their data, logs ({@code logs/<name>.log}) and state file
 * ({@code stack.properties}) under one state folder.
 *
 * <p>{@link #at} is for {@code ./relocate stack}: the servers outlive the JVM that started them and are found
 * again through the state file. {@link #forTests} is one stack per JVM on free ports, stopped when the JVM exits.
 */
public final class LocalStack {

    private static final String TEST_STACKS = "relocate-stack-tests";
    /** down() signals the PIDs of the state file; it never looks at the configured ports. */
    private static final StackPorts PORTS_UNUSED_BY_DOWN = new StackPorts(1, 2, 3, 4, 5);
    private static LocalStack testStack;
    private static RuntimeException testStackFailure;

    private final Path stateDir;
    private final StackPorts ports;
    private final Supplier<Path> home;
    private final AppServer app;

    private LocalStack(Path stateDir, StackPorts ports, AppServer app) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.ports = ports;
        this.home = memoized(RelocateHome::find);
        this.app = app;
    }

    private LocalStack(Path stateDir, StackPorts ports) {
        this(stateDir, ports, null);
    }

    /** This stack, also running {@code app} once its servers are ready (and stopping it with them). */
    public LocalStack with(AppServer app) {
        return new LocalStack(stateDir, ports, app);
    }

    /** A stack whose state lives in {@code stateDir} (for the CLI: {@code <home>/.relocate}). Starts nothing. */
    public static LocalStack at(Path stateDir, StackPorts ports) {
        return new LocalStack(stateDir, ports);
    }

    /**
     * The test stack of this JVM: free ports, state in a temp folder, started on the first call and stopped by
     * a shutdown hook. Also stops the servers of test JVMs that died without running theirs.
     */
    public static synchronized LocalStack forTests() {
        if (testStack != null) {
            return testStack;
        }
        if (testStackFailure != null) {
            throw new StackException("The local test stack failed to start earlier in this JVM: "
                    + testStackFailure.getMessage(), testStackFailure);
        }
        try {
            Path base = Folders.createShared(Path.of(System.getProperty("java.io.tmpdir"), TEST_STACKS));
            stopOrphans(base);
            Path dir = Files.createTempDirectory(base, "jvm-" + ProcessHandle.current().pid() + "-");
            // createTempDirectory makes it rwx------; PostgreSQL may run as another OS user and must get through
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            LocalStack stack = new LocalStack(dir, StackPorts.free());
            StackState.locked(stack.stateDir, () -> {
                StackState state = StackState.load(stack.stateDir);
                state.owner(ProcessHandle.current());
                state.save();
                return null;
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.down();
                Folders.deleteTree(dir);
            }, "relocate-stack-down"));
            stack.up();
            testStack = stack;
            return stack;
        } catch (IOException e) {
            testStackFailure = new StackException("Cannot create the test stack's folder: " + e.getMessage(), e);
            throw testStackFailure;
        } catch (RuntimeException e) {
            testStackFailure = e;
            throw e;
        }
    }

    /**
     * Starts what is not running and waits until every server answers. Servers recorded in the state file and
     * alive are left alone, so a second call is a no-op. Fails before starting anything when a port is taken.
     */
    public StackEndpoints up() {
        StackEndpoints endpoints = StackState.locked(stateDir, () -> {
            StackState state = StackState.load(stateDir);
            startMissing(state, servers(state));
            return endpoints(state);
        });
        if (app != null) {
            createDatabase(app.database());
            StackState.locked(stateDir, () -> {
                StackState state = StackState.load(stateDir);
                startMissing(state, List.of(application(state)));
                return null;
            });
        }
        return endpoints;
    }

    private void startMissing(StackState state, List<StackComponent> components) {
        {
            List<StackComponent> missing = components.stream()
                    .filter(c -> !state.isRunning(c.name()))
                    .toList();
            for (StackComponent component : missing) {
                state.forget(component.name());
                component.ports().forEach(port -> ChildProcesses.requirePortFree(component.name(), port));
            }
            missing.forEach(StackComponent::requireInstalled);

            List<StackException> failures = new ArrayList<>();
            Map<StackComponent, ChildProcesses.Child> launched = new LinkedHashMap<>();
            // the registry boots slowest and needs no preparation: launch in reverse order (after the DNS server,
            // ready in a blink) so that Kafka's storage format and initdb run while it boots
            List<StackComponent> launchOrder = new ArrayList<>(missing);
            Collections.reverse(launchOrder);
            for (StackComponent component : launchOrder) {
                try {
                    component.prepare();
                    ChildProcesses.Child child = ChildProcesses.launch(component.name(), component.launch(),
                            logFile(component.name()), stateDir.resolve(component.name()));
                    launched.put(component, child);
                    // recorded before it is ready, so that down() finds it even if this JVM dies while waiting
                    record(state, component, child.process().pid());
                } catch (StackException e) {
                    failures.add(e);
                }
            }
            for (var entry : launched.entrySet()) {
                StackComponent component = entry.getKey();
                ChildProcesses.Child child = entry.getValue();
                try {
                    ChildProcesses.awaitReady(component, child, ChildProcesses.READY_TIMEOUT);
                    record(state, component, component.serverPid(child));
                } catch (StackException e) {
                    failures.add(e);
                    stopRecorded(state, List.of(component));
                }
            }
            if (!failures.isEmpty()) {
                StackException first = failures.get(0);
                failures.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
        }
    }

    /** Stops every recorded server (its stop signal, then SIGKILL after a timeout) and removes their records. */
    public void down() {
        StackState.locked(stateDir, () -> {
            StackState state = StackState.load(stateDir);
            if (app != null) {
                stopRecorded(state, List.of(application(state))); // first: it uses the servers
            }
            stopRecorded(state, servers(state));
            return null;
        });
    }

    /** Per server: name, whether the recorded process is alive, its PID (-1 if none) and its endpoint. */
    public List<ComponentStatus> status() {
        StackState state = StackState.load(stateDir);
        return components(state).stream()
                .map(c -> {
                    long pid = state.process(c.name(), c.stopSignal()).map(ChildProcesses.Recorded::pid).orElse(-1L);
                    return new ComponentStatus(c.name(), state.isRunning(c.name()), pid, c.endpoint());
                })
                .toList();
    }

    /** Where the servers are (or will be): recorded ports of running servers, else the configured ones. */
    public StackEndpoints endpoints() {
        return endpoints(StackState.load(stateDir));
    }

    /** CREATE DATABASE {@code name} on the stack's PostgreSQL unless it exists. */
    public void createDatabase(String name) {
        StackState state = StackState.load(stateDir);
        if (!state.isRunning(PostgresServer.NAME)) {
            throw new StackException("Cannot create database " + name + ": the stack's PostgreSQL (state in "
                    + stateDir + ") is not running. Start it first (`./relocate stack up`).");
        }
        postgres(state).createDatabase(name);
    }

    private StackEndpoints endpoints(StackState state) {
        return new StackEndpoints("127.0.0.1", port(state, PostgresServer.NAME, "port", ports.postgres()),
                PostgresServer.SUPERUSER, kafka(state).endpoint(), registry(state).endpoint(),
                dns(state).dnsEndpoint());
    }

    /** In start order, the application last. A running server keeps the ports it was started with. */
    private List<StackComponent> components(StackState state) {
        List<StackComponent> all = new ArrayList<>(servers(state));
        if (app != null) {
            all.add(application(state));
        }
        return all;
    }

    private List<StackComponent> servers(StackState state) {
        return List.of(postgres(state), kafka(state), registry(state), dns(state));
    }

    private ApplicationServer application(StackState state) {
        return new ApplicationServer(app, port(state, app.name(), "port", app.port()));
    }

    private KafkaBroker kafka(StackState state) {
        return new KafkaBroker(stateDir, home,
                port(state, KafkaBroker.NAME, "port", ports.kafka()),
                port(state, KafkaBroker.NAME, "controllerPort", ports.kafkaController()));
    }

    private SchemaRegistryServer registry(StackState state) {
        return new SchemaRegistryServer(stateDir, home, port(state, SchemaRegistryServer.NAME, "port", ports.registry()));
    }

    private BindServer dns(StackState state) {
        return new BindServer(stateDir, port(state, BindServer.NAME, "port", ports.dns()));
    }

    private PostgresServer postgres(StackState state) {
        return new PostgresServer(stateDir, port(state, PostgresServer.NAME, "port", ports.postgres()));
    }

    private int port(StackState state, String component, String key, int configured) {
        return state.isRunning(component) ? state.port(component, key).orElse(configured) : configured;
    }

    private void record(StackState state, StackComponent component, long pid) {
        long started = ChildProcesses.startedMillis(pid).orElse(0L);
        state.record(component, pid, started);
        state.save();
    }

    /** Stops the components' recorded processes together: signalled at once, waited for at once. */
    private static void stopRecorded(StackState state, List<StackComponent> components) {
        List<ChildProcesses.Recorded> recorded = components.stream()
                .flatMap(c -> state.process(c.name(), c.stopSignal()).stream())
                .toList();
        ChildProcesses.stop(recorded, ChildProcesses.STOP_TIMEOUT);
        components.forEach(c -> state.forget(c.name()));
        state.save();
    }

    /** Test stacks of JVMs that died without their shutdown hook (kill -9, a crash): stop and delete them. */
    private static void stopOrphans(Path base) throws IOException {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                if (StackState.load(dir).ownerIsGone()) {
                    new LocalStack(dir, PORTS_UNUSED_BY_DOWN).down();
                    Folders.deleteTree(dir);
                }
            }
        }
    }

    private Path logFile(String component) {
        return stateDir.resolve("logs").resolve(component + ".log");
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
