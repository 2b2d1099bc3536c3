package relocate.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Properties;

/**
 * A single-node Kafka 4 broker in KRaft mode (broker and controller in one process), data in
 * {@code <stateDir>/kafka/data}, classpath from {@code stack-broker/target/lib}.
 */
final class KafkaBroker implements StackComponent {

    static final String NAME = "kafka";
    /** Fixed ("relocate-stack-1" in base64) so that the data folder is formatted once and keeps its topics. */
    private static final String CLUSTER_ID = "cmVsb2NhdGUtc3RhY2stMQ";
    private static final String STARTED = "Kafka Server started";

    private final Path dir;
    private final Path data;
    private final Path config;
    private final Supplier<Path> home;
    private final int port;
    private final int controllerPort;

    KafkaBroker(Path stateDir, Supplier<Path> home, int port, int controllerPort) {
        this.dir = stateDir.resolve(NAME);
        this.data = dir.resolve("data");
        this.config = dir.resolve("server.properties");
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse("port", port, StackPorts.KAFKA_ENV),
                new PortUse("controllerPort", controllerPort, StackPorts.KAFKA_CONTROLLER_ENV));
    }

    @Override
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void requireInstalled() {
        Path lib = RelocateHome.requireBuilt(home.get().resolve("stack-broker/target/lib"), "The Kafka broker's classpath");
        try (var jars = Files.list(lib)) {
            if (jars.noneMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"))) {
                RelocateHome.requireBuilt(lib.resolve("kafka_2.13-<version>.jar"), "The Kafka broker's jar");
            }
        } catch (IOException e) {
            throw new StackException("Cannot list " + lib + ": " + e.getMessage(), e);
        }
    }

    /** Writes server.properties at every start (the ports may have changed); formats the storage once. */
    @Override
    public void prepare() {
        writeConfig();
        if (!Files.isRegularFile(data.resolve("meta.properties"))) {
            Folders.deleteTree(data); // a half-formatted folder from an interrupted start
            ChildProcesses.run(List.of(ChildProcesses.java(), "-Xmx128m", "-cp", classpath(),
                            "kafka.tools.StorageTool", "format", "-t", CLUSTER_ID, "-c", config.toString()),
                    Map.of(), null, Duration.ofMinutes(2));
        }
    }

    @Override
    public Launch launch() {
        return new Launch(List.of(ChildProcesses.java(), "-Xmx256m", "-cp", classpath(), "kafka.Kafka",
                config.toString()), Map.of());
    }

    @Override
    public boolean isReady(ChildProcesses.Child child) {
        return ChildProcesses.accepts(port) && child.logSinceLaunch().contains(STARTED);
    }

    private String classpath() {
        return home.get().resolve("stack-broker/target/lib") + "/*";
    }

    private void writeConfig() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        // one node: every internal topic has one replica, and one in-sync replica is enough
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // the 128 MiB default does not fit the 256 MiB heap
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "4");
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                p.store(out, "Written by relocate.stack.KafkaBroker at each start; edits are overwritten");
            }
        } catch (IOException e) {
            throw new StackException("Cannot write " + config + ": " + e.getMessage(), e);
        }
    }
}
