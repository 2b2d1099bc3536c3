package relocate.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private BIND (named) on 127.0.0.1, primary for {@code relocate.test.}, which accepts dynamic updates (RFC 2136)
 * signed with the stack's TSIG key. Everything lives in {@code <stateDir>/dns}: {@code named.conf} (written at
 * every start), the key ({@code tsig.key}, made once), the zone file (seeded once; updates go to its journal
 * {@code relocate.test.zone.jnl}, so records changed by updates survive a restart), pid file and session key.
 */
final class BindServer implements StackComponent {

    static final String NAME = "dns";
    static final String ZONE = "relocate.test.";
    static final String KEY_NAME = "relocate-stack";
    static final String KEY_ALGORITHM = "hmac-sha256";
    private static final String ZONE_FILE = "relocate.test.zone";
    private static final String KEY_FILE = "tsig.key";
    private static final Pattern SECRET = Pattern.compile("secret \"([A-Za-z0-9+/=]+)\";");

    /**
     * The sample application's domains reach it by these names; each points at an environment's address.
     * SOA: serial 1, refresh, retry, expire, and a negative-answer TTL of 60 s.
     */
    private static final String SEED = """
            $TTL 300
            @           SOA   ns.relocate.test. hostmaster.relocate.test. 1 3600 600 86400 60
            @           NS    ns.relocate.test.
            ns          A     127.0.0.1
            env-a       A     127.0.0.1
            env-b       A     127.0.0.1
            acme.apps   300   CNAME env-a.relocate.test.
            globex.apps 300   CNAME env-a.relocate.test.
            """;

    private final Path dir;
    private final int port;
    private Path named;

    BindServer(Path stateDir, int port) {
        this.dir = stateDir.resolve(NAME);
        this.port = port;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** named listens on the port for both UDP and TCP. */
    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse("port", port, StackPorts.DNS_ENV, true));
    }

    @Override
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** Host, port, zone and the key (made now if it does not exist yet, so that it is the one named will use). */
    DnsServerEndpoint dnsEndpoint() {
        return new DnsServerEndpoint("127.0.0.1", port, ZONE, KEY_NAME, KEY_ALGORITHM, secret());
    }

    @Override
    public void requireInstalled() {
        named();
        if (confinesNamed(loadedAppArmorProfiles())) {
            throw new StackException("AppArmor confines named to /etc/bind, /var/cache/bind and the like, so it cannot"
                    + " read its configuration in " + dir + ". Unload its profile (`sudo apparmor_parser -R"
                    + " /etc/apparmor.d/usr.sbin.named`, until the next boot) or put it in complain mode (`sudo"
                    + " aa-complain /usr/sbin/named`), then run again.");
        }
    }

    /** Whether one of the loaded profiles (lines like {@code named (enforce)}) enforces a profile for named. */
    static boolean confinesNamed(List<String> profiles) {
        return profiles.stream().anyMatch(line -> (line.startsWith("named ") || line.startsWith("/usr/sbin/named "))
                && line.endsWith("(enforce)"));
    }

    private static List<String> loadedAppArmorProfiles() {
        Path profiles = Path.of("/sys/kernel/security/apparmor/profiles");
        try {
            return Files.isReadable(profiles) ? Files.readAllLines(profiles) : List.of();
        } catch (IOException e) {
            return List.of(); // no AppArmor, or not ours to read: named will say what it cannot open
        }
    }

    @Override
    public void prepare() {
        createPrivate(dir);
        String secret = secret();
        Path zone = dir.resolve(ZONE_FILE);
        if (!Files.exists(zone)) {
            Folders.deleteTree(dir.resolve(ZONE_FILE + ".jnl")); // a journal belongs to the zone file it was made for
            writePrivate(zone, "; Seeded once by relocate.stack.BindServer; dynamic updates go to the journal.\n"
                    + SEED);
        }
        writePrivate(dir.resolve("named.conf"), config(secret));
    }

    /**
     * -g: in the foreground, logging to stderr (our log file). As root it keeps running as root (no -u): it reads
     * and writes only the state folder, which root made.
     */
    @Override
    public Launch launch() {
        return new Launch(List.of(named().toString(), "-g", "-c", dir.resolve("named.conf").toString()), Map.of());
    }

    /**
     * Ready once it answers for the zone. A port taken after our check makes named exit at once ("unable to listen
     * on any configured interfaces"), which the launcher reports with the log's last lines.
     */
    @Override
    public boolean isReady(ChildProcesses.Child child) {
        return ZoneProbe.servesZone(port, ZONE);
    }

    private String config(String secret) {
        String folder = dir.toString();
        if (folder.contains("\"") || folder.contains("\\")) {
            throw new StackException("The state folder " + folder + " contains a quote or a backslash, which named.conf"
                    + " cannot hold. Choose a state folder without them.");
        }
        // file names are relative to `directory`
        return """
                // Written by relocate.stack.BindServer at each start; edits are overwritten.
                key "%1$s" {
                    algorithm %2$s;
                    secret "%3$s";
                };
                options {
                    directory "%4$s";
                    pid-file "named.pid";
                    session-keyfile "session.key";
                    listen-on port %5$d { 127.0.0.1; };
                    listen-on-v6 { none; };
                    recursion no;
                    dnssec-validation no;
                    notify no;
                };
                controls { };
                zone "%6$s" {
                    type primary;
                    file "%7$s";
                    allow-update { key "%1$s"; };
                };
                """.formatted(KEY_NAME, KEY_ALGORITHM, secret, folder, port, ZONE, ZONE_FILE);
    }

    /** The key's secret: 32 random bytes in base64, made once; racing makers agree on the first one written. */
    private String secret() {
        Path file = dir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = """
                    key "%s" {
                        algorithm %s;
                        secret "%s";
                    };
                    """.formatted(KEY_NAME, KEY_ALGORITHM, Base64.getEncoder().encodeToString(bytes));
            createPrivate(dir);
            Path temp = null;
            try {
                temp = Files.createTempFile(dir, KEY_FILE, ".tmp"); // rw-------
                Files.writeString(temp, key, StandardCharsets.UTF_8);
                Files.createLink(file, temp); // atomic, and fails if another maker was first
            } catch (FileAlreadyExistsException e) {
                // theirs stands
            } catch (IOException e) {
                throw new StackException("Cannot create the DNS key file " + file + ": " + e.getMessage(), e);
            } finally {
                if (temp != null) {
                    Folders.deleteTree(temp);
                }
            }
        }
        try {
            Matcher matcher = SECRET.matcher(Files.readString(file, StandardCharsets.UTF_8));
            if (!matcher.find()) {
                throw new StackException("The DNS key file " + file + " holds no secret. Delete it and run"
                        + " `./relocate stack down` and `up` again to make a new key.");
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new StackException("Cannot read the DNS key file " + file + ": " + e.getMessage(), e);
        }
    }

    private Path named() {
        if (named == null) {
            named = BindBinaries.locate(PostgresServer.isRoot());
        }
        return named;
    }

    /** The folder holds the key: only its owner (who also runs named) may look inside. */
    private static void createPrivate(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new StackException("Cannot create the folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, String text) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StackException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
