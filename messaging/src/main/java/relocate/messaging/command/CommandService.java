package relocate.messaging.command;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.DatabaseEndpoint;

/**
 * A service's command side: a {@link CommandLoop} on its topic, started with the application and closed
 * with it, around the service's {@link #handle}. Subclasses decode payloads and call work functions;
 * with more than one worker ({@code relocate.<service>.workers}) {@link #handle} runs on several threads at
 * once, so subclasses keep no state between commands.
 */
public abstract class CommandService implements CommandHandler {
    private final CommandLoop loop;
    private final SecretBox secrets;
    private final String service;

    protected CommandService(String service, String topic, KafkaConfig config, Serdes serdes, Publisher publisher,
                             RetryPolicy retry, SecretBox secrets, String workerId, int workers) {
        this.secrets = secrets;
        this.service = service;
        this.loop = new CommandLoop(service, topic, config, serdes, publisher, this, retry, workerId, workers);
    }

    @EventListener
    public void onStartup(StartupEvent e) {
        loop.start();
    }

    @EventListener
    public void onShutdown(ShutdownEvent e) {
        loop.close();
    }

    /** The endpoint's password, unsealed for the connection only: never log or return it. */
    protected String password(DatabaseEndpoint endpoint) {
        return unseal(endpoint.getSealedPassword());
    }

    /** The answer to a command this version of the service does not know: an older service than the coordinator. */
    protected StepFailure unsupported(Object payload) {
        return new StepFailure(service + "-service cannot run " + payload.getClass().getSimpleName()
                + ": this version of the service is older than the coordinator; upgrade it", false);
    }

    /** A secret the coordinator sealed (a webhook URL with its token). */
    protected String unseal(String sealed) {
        return secrets.open(sealed);
    }
}
