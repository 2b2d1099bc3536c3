package relocate.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The schema registry (Apicurio 2.4, Confluent-compatible API) from {@code stack-registry}'s runner jar, its H2
 * database in {@code <stateDir>/registry} so that schemas and their ids survive a restart.
 */
final class SchemaRegistryServer implements StackComponent {

    static final String NAME = "registry";
    static final String JAR = "stack-registry/target/stack-registry-0.1.0-SNAPSHOT-runner.jar";

    private final Path dir;
    private final Supplier<Path> home;
    private final int port;

    SchemaRegistryServer(Path stateDir, Supplier<Path> home, int port) {
        this.dir = stateDir.resolve(NAME);
        this.home = home;
        this.port = port;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse("port", port, StackPorts.REGISTRY_ENV));
    }

    /** The Confluent-compatible base URL. */
    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    @Override
    public void requireInstalled() {
        RelocateHome.requireBuilt(home.get().resolve(JAR), "The schema registry's runner jar");
    }

    @Override
    public void prepare() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StackException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Launch launch() {
        return new Launch(List.of(ChildProcesses.java(), "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", home.get().resolve(JAR).toString()),
                Map.of("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dir.resolve("db")));
    }

    @Override
    public boolean isReady(ChildProcesses.Child child) {
        return ChildProcesses.answersOk("http://127.0.0.1:" + port + "/health/ready", "the schema registry");
    }
}
