package relocate.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where the local stack finds its runnable pieces (stack-broker, stack-registry). */
public final class RelocateHome {

    static final String PROPERTY = "relocate.home";
    static final String ENV = "RELOCATE_HOME";
    private static final String MARKER = "stack-broker/pom.xml";
    static final String BUILD_COMMAND = "./mvnw -q install -pl stack-broker,stack-registry -DskipTests";

    private RelocateHome() {
    }

    /**
     * System property {@code relocate.home}, else env {@code RELOCATE_HOME}, else the nearest folder at or
     * above the working directory that holds {@code stack-broker/pom.xml}.
     */
    public static Path find() {
        return find(System.getProperty(PROPERTY), System.getenv(ENV), Path.of(""));
    }

    static Path find(String property, String env, Path workingDirectory) {
        if (property != null && !property.isBlank()) {
            return existing(Path.of(property), "system property " + PROPERTY);
        }
        if (env != null && !env.isBlank()) {
            return existing(Path.of(env), "environment variable " + ENV);
        }
        Path start = workingDirectory.toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new StackException("Cannot find the Relocate home: no folder at or above " + start + " holds "
                + MARKER + ". Run from inside the repository, or set -D" + PROPERTY + "=<repo root> or "
                + ENV + "=<repo root>.");
    }

    /** Fails, naming the file and the command that builds it, when a runnable piece of the stack is missing. */
    static Path requireBuilt(Path file, String what) {
        if (!Files.exists(file)) {
            Path home = file;
            while (home != null && !Files.isRegularFile(home.resolve(MARKER))) {
                home = home.getParent();
            }
            throw new StackException(what + " is missing: " + file + " does not exist. Build it with `cd "
                    + (home == null ? "<repo root>" : home) + " && " + BUILD_COMMAND + "`.");
        }
        return file;
    }

    private static Path existing(Path path, String source) {
        Path home = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(home)) {
            throw new StackException("The Relocate home " + home + " (from " + source
                    + ") is not a folder: point it at the repository root.");
        }
        return home;
    }
}
