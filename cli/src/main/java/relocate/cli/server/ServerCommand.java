package relocate.cli.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import relocate.cli.stack.LocalSetup;

/**
 * The all-in-one server: coordinator, dumper-service, loader-service and the status topology in one JVM, on the local
 * stack. `stack up` runs it in the background; run it in the foreground to watch its log.
 */
@Command(name = "server", description = "Run the coordinator and every service in this JVM, on the local stack (foreground).")
public final class ServerCommand implements Runnable {

    @Override
    public void run() {
        Map<String, Object> properties = new HashMap<>(
                LocalSetup.stack().endpoints().relocateProperties(LocalSetup.COORDINATOR_DATABASE));
        properties.put("micronaut.server.port", LocalSetup.serverPort());
        String key = System.getenv("RELOCATE_SECRET_KEY");
        properties.put("relocate.secret-key", key == null || key.isBlank() ? LocalSetup.secretKey() : key);
        properties.put("relocate.status.state-dir", LocalSetup.stateDir().resolve("status").toString());
        properties.put("relocate.artifacts.dir", LocalSetup.stateDir().resolve("artifacts").toString());
        ApplicationContext context = Micronaut.build(new String[0]).mainClass(ServerCommand.class).properties(properties).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
