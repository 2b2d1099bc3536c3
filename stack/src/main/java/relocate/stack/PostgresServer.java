package relocate.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A private PostgreSQL cluster from the machine's binaries: data in {@code <stateDir>/postgres/data}, TCP on
 * 127.0.0.1 only, its Unix socket inside the data folder. Superuser {@code postgres} is trusted over
 * 127.0.0.1; every other role must give its scram-sha-256 password.
 */
final class PostgresServer implements StackComponent {

    static final String NAME = "postgres";
    static final String SUPERUSER = "postgres";
    /** The OS user that runs initdb and postgres when we are root (both refuse to run as root). */
    private static final String OS_USER = "postgres";
    private static final String HBA = """
            # Written by relocate.stack.PostgresServer at each start; edits are overwritten.
            local all all                 trust
            host  all postgres 127.0.0.1/32 trust
            host  all all      127.0.0.1/32 scram-sha-256
            """;

    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean root = isRoot();
    private Path bin;

    PostgresServer(Path stateDir, int port) {
        this.dir = stateDir.resolve(NAME);
        this.data = dir.resolve("data");
        this.port = port;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse("port", port, StackPorts.POSTGRES_ENV));
    }

    @Override
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void requireInstalled() {
        bin();
    }

    @Override
    public void prepare() {
        if (root) {
            letOthersThrough(dir.getParent());
        }
        Folders.createShared(dir);
        if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
            initdb();
        }
        requireReachableByServer();
        writeOwned(data.resolve("pg_hba.conf"), HBA);
    }

    @Override
    public Launch launch() {
        return new Launch(asServerUser(bin().resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + data), Map.of());
    }

    /** Ready once postmaster.pid (written by the server we launched) says "ready" and the port answers. */
    @Override
    public boolean isReady(ChildProcesses.Child child) {
        return postmaster()
                .filter(pm -> pm.ready() && belongsTo(pm.pid(), child))
                .isPresent() && ChildProcesses.accepts(port);
    }

    /** The postmaster itself: when we are root, the launched process is runuser, its parent. */
    @Override
    public long serverPid(ChildProcesses.Child child) {
        return postmaster().map(Postmaster::pid).orElse(child.process().pid());
    }

    /** SIGINT is PostgreSQL's fast shutdown; SIGTERM ("smart") would wait for every client to disconnect. */
    @Override
    public String stopSignal() {
        return "INT";
    }

    /** CREATE DATABASE unless it exists; the name is passed as a psql variable and quoted by the server. */
    void createDatabase(String database) {
        requireValidName(database);
        String create = "SELECT format('CREATE DATABASE %I', :'name')"
                + " WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \\gexec\n";
        try {
            psql(database, create);
        } catch (StackException e) {
            // another process may have created it between our check and our CREATE
            if (!exists(database)) {
                throw new StackException("Cannot create database " + database + " on " + endpoint() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private boolean exists(String database) {
        return psql(database, "SELECT count(*) FROM pg_database WHERE datname = :'name';\n").strip().equals("1");
    }

    private String psql(String database, String script) {
        List<String> command = List.of(bin().resolve("psql").toString(), "-X", "-q", "-t", "-A",
                "-v", "ON_ERROR_STOP=1", "-v", "name=" + database,
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", SUPERUSER, "-d", "postgres");
        return ChildProcesses.run(command, Map.of("PGCONNECT_TIMEOUT", "10"), script, Duration.ofSeconds(60));
    }

    private static void requireValidName(String database) {
        if (database == null || database.isBlank()
                || database.getBytes(StandardCharsets.UTF_8).length > 63
                || database.chars().anyMatch(Character::isISOControl)) {
            throw new StackException("'" + database + "' is not a usable database name: 1 to 63 bytes, no control"
                    + " characters.");
        }
    }

    private void initdb() {
        Folders.deleteTree(data); // a half-made cluster from an interrupted initdb
        try {
            Files.createDirectories(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            if (root) {
                chownToServerUser(data);
            }
        } catch (IOException e) {
            throw new StackException("Cannot create PostgreSQL's data folder " + data + ": " + e.getMessage(), e);
        }
        requireReachableByServer();
        ChildProcesses.run(asServerUser(bin().resolve("initdb").toString(), "-D", data.toString(),
                        "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
                        "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions"),
                Map.of(), null, Duration.ofMinutes(2));
    }

    /** The server runs as another OS user when we are root: every folder above its data must let it through. */
    private void requireReachableByServer() {
        if (!root) {
            return;
        }
        try {
            ChildProcesses.run(List.of("runuser", "-u", OS_USER, "--", "test", "-w", data.toString()), Map.of(),
                    null, Duration.ofSeconds(30));
        } catch (StackException e) {
            throw new StackException("The '" + OS_USER + "' OS user cannot reach " + data + ". Relocate runs as"
                    + " root, so PostgreSQL runs as '" + OS_USER + "' and every folder above its data must be"
                    + " traversable by others (chmod o+x <folder>); or choose a state folder elsewhere.", e);
        }
    }

    /**
     * The state folder is the stack's own: open it to the server user if it is closed (a JUnit or mktemp folder is
     * rwx------). Folders above it are the user's, and only checked.
     */
    private static void letOthersThrough(Path stateDir) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(stateDir);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(stateDir, permissions);
            }
        } catch (IOException e) {
            throw new StackException("Cannot open the state folder " + stateDir + " to the '" + OS_USER
                    + "' OS user: " + e.getMessage(), e);
        }
    }

    private void writeOwned(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (root) {
                chownToServerUser(file);
            }
        } catch (IOException e) {
            throw new StackException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void chownToServerUser(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        try {
            view.setOwner(users.lookupPrincipalByName(OS_USER));
            view.setGroup(users.lookupPrincipalByGroupName(OS_USER));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new StackException("There is no '" + OS_USER + "' OS user to run PostgreSQL as (initdb and"
                    + " postgres refuse to run as root). Install the postgresql package, which creates it.");
        }
    }

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private Path bin() {
        if (bin == null) {
            bin = PostgresBinaries.locate(root);
        }
        return bin;
    }

    /** postmaster.pid: line 1 the PID, line 8 the status ("starting", "ready", "stopping"). */
    private record Postmaster(long pid, boolean ready) {
    }

    private Optional<Postmaster> postmaster() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            if (lines.size() < 8) {
                return Optional.empty();
            }
            return Optional.of(new Postmaster(Long.parseLong(lines.get(0).trim()), lines.get(7).trim().equals("ready")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // not written yet, or being rewritten
        }
    }

    /** A postmaster.pid left by a killed server may say "ready": only the one we launched counts. */
    private static boolean belongsTo(long pid, ChildProcesses.Child child) {
        ProcessHandle launched = child.process().toHandle();
        return launched.pid() == pid || launched.descendants().anyMatch(p -> p.pid() == pid);
    }

    /** Whether this JVM runs as root (uid 0). */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
