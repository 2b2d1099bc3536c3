package relocate.dumper.command;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import relocate.catalog.connect.DatabaseConnector;
import relocate.dumper.preflight.Preflight;
import relocate.catalog.connect.DatabaseFailure;
import relocate.messaging.command.CommandLoop;
import relocate.messaging.command.ProgressReporter;
import relocate.messaging.command.RetryPolicy;
import relocate.messaging.command.StepFailure;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.Command;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.PreflightReport;
import relocate.schemas.RunPreflight;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.topic.Topics;

/** The dumper's listener on relocate.cmd.dump: decodes a command and calls the work function for it. */
@Singleton
public class DumperCommands {
    private final CommandLoop loop;
    private final SecretBox secrets;

    public DumperCommands(KafkaConfig config, Serdes serdes, Publisher publisher, RetryPolicy retry, SecretBox secrets,
                          @Named("worker-id") String workerId) {
        this.secrets = secrets;
        this.loop = new CommandLoop("dumper", Topics.CMD_DUMP, config, serdes, publisher, this::handle, retry, workerId);
    }

    @EventListener
    void onStartup(StartupEvent e) {
        loop.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent e) {
        loop.close();
    }

    Object handle(Command command, ProgressReporter progress) throws Exception {
        if (command.getPayload() instanceof RunPreflight run) {
            return preflight(command, run);
        }
        throw new StepFailure("dumper-service cannot run " + command.getPayload().getClass().getSimpleName()
                + ": this version of the service is older than the coordinator; upgrade it", false);
    }

    private Object preflight(Command command, RunPreflight run) throws Exception {
        DatabaseEndpoint source = run.getSource();
        DatabaseEndpoint target = run.getTarget();
        try (Connection s = open(source, "source"); Connection t = open(target, "target")) {
            PreflightReport report = Preflight.check(s, t, command.getDomain(), source.getTenantColumn(),
                    source.getEnvironment(), target.getEnvironment());
            if (report.getProblems().isEmpty()) {
                return new StepCompleted(report);
            }
            String reason = report.getProblems().size() == 1 ? report.getProblems().get(0).getMessage()
                    : report.getProblems().size() + " problems: " + String.join("; ",
                    report.getProblems().stream().map(p -> p.getMessage()).toList());
            return new StepFailed(reason, false, report);
        } catch (DatabaseFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        }
    }

    private Connection open(DatabaseEndpoint e, String role) {
        return DatabaseConnector.open(e.getEnvironment(), e.getJdbcUrl(), e.getUser(), secrets.open(e.getSealedPassword()),
                role);
    }
}
