package relocate.stack;

import java.util.List;
import java.util.Map;

/**
 * One server of the local stack. {@link LocalStack} decides when to start and stop it, {@link ChildProcesses}
 * does the process work; a component only knows how to prepare, launch and probe its own server.
 */
interface StackComponent {

    /** The component's name in the state file, in logs and in messages. */
    String name();

    /** The ports it listens on; each must be free before it starts. */
    List<PortUse> ports();

    /** Where clients reach it. */
    String endpoint();

    /** Cheap checks that its programs are there (and, for PostgreSQL, installs them when allowed). */
    void requireInstalled();

    /** One-time setup of its data (initdb, storage format); a no-op when already done. */
    void prepare();

    /** The server's command line; {@link ChildProcesses} adds setsid and the log redirect. */
    Launch launch();

    /** Whether the server launched as {@code child} answers clients yet. */
    boolean isReady(ChildProcesses.Child child);

    /** The PID to record and later signal: the launched process itself unless it is a wrapper. */
    default long serverPid(ChildProcesses.Child child) {
        return child.process().pid();
    }

    /** The signal that asks the server to stop cleanly and promptly. */
    default String stopSignal() {
        return "TERM";
    }

    /** A port the component listens on; {@code envVar} is how a user moves it; {@code udp}: for UDP as well as TCP. */
    record PortUse(String key, int port, String envVar, boolean udp) {

        PortUse(String key, int port, String envVar) {
            this(key, port, envVar, false);
        }
    }

    record Launch(List<String> command, Map<String, String> environment) {
    }
}
