package relocate.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The TCP ports of the local stack on 127.0.0.1. */
public record StackPorts(int postgres, int kafka, int kafkaController, int registry, int dns) {

    static final String POSTGRES_ENV = "RELOCATE_PG_PORT";
    static final String KAFKA_ENV = "RELOCATE_KAFKA_PORT";
    static final String KAFKA_CONTROLLER_ENV = "RELOCATE_KAFKA_CONTROLLER_PORT";
    static final String REGISTRY_ENV = "RELOCATE_REGISTRY_PORT";
    static final String DNS_ENV = "RELOCATE_DNS_PORT";
    /** named must be given a port (it cannot take 0): a random one below Linux's ephemeral range (32768-60999). */
    private static final int DNS_PICK_FROM = 20000;
    private static final int DNS_PICK_TO = 32767;

    public StackPorts {
        int[] all = {postgres, kafka, kafkaController, registry, dns};
        var seen = new HashSet<Integer>();
        for (int port : all) {
            if (port < 1 || port > 65535) {
                throw new StackException("Port " + port + " is not a TCP port (1-65535).");
            }
            if (!seen.add(port)) {
                throw new StackException("Port " + port + " is given to two servers of the local stack: "
                        + "each needs its own (" + POSTGRES_ENV + ", " + KAFKA_ENV + ", " + KAFKA_CONTROLLER_ENV
                        + ", " + REGISTRY_ENV + ", " + DNS_ENV + ").");
            }
        }
    }

    /**
     * 55432, 59092, 59093, 58081 and 55353, each overridden by {@code RELOCATE_PG_PORT}, {@code RELOCATE_KAFKA_PORT},
     * {@code RELOCATE_KAFKA_CONTROLLER_PORT}, {@code RELOCATE_REGISTRY_PORT} and {@code RELOCATE_DNS_PORT}.
     */
    public static StackPorts defaults() {
        return fromEnvironment(System.getenv());
    }

    static StackPorts fromEnvironment(Map<String, String> env) {
        return new StackPorts(
                port(env, POSTGRES_ENV, 55432),
                port(env, KAFKA_ENV, 59092),
                port(env, KAFKA_CONTROLLER_ENV, 59093),
                port(env, REGISTRY_ENV, 58081),
                port(env, DNS_ENV, 55353));
    }

    /** Distinct ports that were free on 127.0.0.1 a moment ago; the DNS port for both TCP and UDP. */
    public static StackPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            // hold the four TCP ports at once so that the kernel cannot hand out the same one twice
            for (int i = 0; i < 4; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            return new StackPorts(held.get(0).getLocalPort(), held.get(1).getLocalPort(),
                    held.get(2).getLocalPort(), held.get(3).getLocalPort(), freeDnsPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own; nothing to do
                }
            }
        }
    }

    /**
     * The kernel hands out ports of its ephemeral range (as port 0 does) for outgoing connections and datagrams
     * too, so a DNS port picked there is more likely to be taken again before named binds it. A taken port is
     * skipped and another tried.
     */
    private static int freeDnsPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(DNS_PICK_FROM, DNS_PICK_TO + 1);
            if (ChildProcesses.isFree(port, true)) {
                return port;
            }
        }
        throw new StackException("Cannot find a port free for both UDP and TCP on 127.0.0.1 between " + DNS_PICK_FROM
                + " and " + DNS_PICK_TO + " for the DNS server.");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a port number.");
        }
    }
}
