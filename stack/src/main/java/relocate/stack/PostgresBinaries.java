package relocate.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the machine's PostgreSQL server programs (initdb, postgres, psql), installing them when root may. */
final class PostgresBinaries {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final List<String> PROGRAMS = List.of("initdb", "postgres", "psql");

    private PostgresBinaries() {
    }

    /** The folder holding initdb, postgres and psql. */
    static Path locate(boolean root) {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        if (!root) {
            throw new StackException("PostgreSQL's server programs (initdb, postgres) are not installed. Install"
                    + " them, e.g. `sudo apt-get install -y postgresql` (Debian/Ubuntu), then run again.");
        }
        install();
        return find().orElseThrow(() -> new StackException("apt-get installed postgresql, but initdb, postgres"
                + " and psql are still not found under " + DEBIAN_ROOT + "/<version>/bin."));
    }

    /** The newest /usr/lib/postgresql/<version>/bin with every program, else a folder of PATH that has them. */
    private static Optional<Path> find() {
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
                Optional<Path> newest = versions
                        .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .map(dir -> dir.resolve("bin"))
                        .filter(PostgresBinaries::hasPrograms)
                        .max(Comparator.comparingDouble(
                                bin -> Double.parseDouble(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .filter(PostgresBinaries::hasPrograms)
                .findFirst();
    }

    private static boolean hasPrograms(Path bin) {
        return PROGRAMS.stream().allMatch(program -> Files.isExecutable(bin.resolve(program)));
    }

    /**
     * apt-get install postgresql. Debian's package creates and starts a cluster of its own on 5432: stop it and
     * keep it from starting at boot, since the stack runs a private cluster.
     */
    private static void install() {
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        Duration aptTimeout = Duration.ofMinutes(15);
        ChildProcesses.run(List.of("apt-get", "update"), env, null, aptTimeout);
        ChildProcesses.run(List.of("apt-get", "install", "-y", "postgresql"), env, null, aptTimeout);
        tryRun(List.of("systemctl", "disable", "--now", "postgresql"));
        Path clusters = Path.of("/etc/postgresql");
        if (Files.isDirectory(clusters)) {
            try (Stream<Path> versions = Files.list(clusters)) {
                versions.forEach(version -> {
                    try (Stream<Path> names = Files.list(version)) {
                        names.filter(Files::isDirectory).forEach(cluster -> tryRun(List.of("pg_ctlcluster",
                                version.getFileName().toString(), cluster.getFileName().toString(), "stop")));
                    } catch (IOException ignored) {
                        // nothing to stop in an unreadable folder
                    }
                });
            } catch (IOException ignored) {
                // no Debian clusters to stop
            }
        }
    }

    /** For clean-up steps that may legitimately fail (no systemd in a container, cluster already stopped). */
    private static void tryRun(List<String> command) {
        try {
            ChildProcesses.run(command, Map.of(), null, Duration.ofSeconds(60));
        } catch (StackException ignored) {
            // best effort: the private cluster does not depend on it
        }
    }
}
