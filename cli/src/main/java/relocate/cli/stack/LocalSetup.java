package relocate.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import relocate.cli.Relocate;
import relocate.messaging.secret.SecretBox;
import relocate.stack.AppServer;
import relocate.stack.JavaProcesses;
import relocate.stack.LocalStack;
import relocate.stack.RelocateHome;
import relocate.stack.StackPorts;

/**
 * The local stack as the CLI runs it: the servers, plus the all-in-one Relocate server, with their state
 * under {@code <home>/.relocate}. Used by `stack`, `server` and `demo` alike.
 */
public final class LocalSetup {
    public static final String COORDINATOR_DATABASE = "relocate";
    public static final String SERVER = "relocate";
    private static final int DEFAULT_SERVER_PORT = 58080;

    private LocalSetup() {
    }

    public static Path stateDir() {
        return RelocateHome.find().resolve(".relocate");
    }

    public static LocalStack stack() {
        return LocalStack.at(stateDir(), StackPorts.defaults()).with(server());
    }

    public static int serverPort() {
        String configured = System.getenv("RELOCATE_SERVER_PORT");
        return configured == null || configured.isBlank() ? DEFAULT_SERVER_PORT : Integer.parseInt(configured.trim());
    }

    public static String coordinatorUrl() {
        return "http://127.0.0.1:" + serverPort();
    }

    /** The deployment's secret key, made once and kept readable by its owner only. */
    public static String secretKey() {
        Path file = stateDir().resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, SecretBox.newKey(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /** `relocate server` run from this very jar, as a child of the stack; the key travels in its environment. */
    private static AppServer server() {
        Path jar;
        try {
            jar = Path.of(Relocate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the relocate jar", e);
        }
        List<String> command = List.of(JavaProcesses.java(),
                "-Xmx512m", "-Drelocate.home=" + RelocateHome.find(), "-cp", jar.toString(),
                Relocate.class.getName(), "server");
        return new AppServer(SERVER, serverPort(), "RELOCATE_SERVER_PORT", COORDINATOR_DATABASE, command,
                Map.of("RELOCATE_SECRET_KEY", secretKey()), "/environments");
    }
}
