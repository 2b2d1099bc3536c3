package relocate.stack;

import java.util.List;
import java.util.Map;

/**
 * A process of the application itself that the stack runs beside its servers (for Relocate: the
 * all-in-one server), started once they are ready and stopped with them.
 *
 * @param database    created on the stack's PostgreSQL before the process starts
 * @param readyPath   HTTP path that answers 200 once the process serves
 * @param environment passed to the process (secrets go here, not on its command line)
 */
public record AppServer(String name, int port, String portEnvVar, String database, List<String> command,
                        Map<String, String> environment, String readyPath) {
}
