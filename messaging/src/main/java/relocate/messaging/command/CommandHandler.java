package relocate.messaging.command;

import relocate.schemas.Command;

/**
 * The work a service does for one command, knowing nothing of Kafka. Returns the outcome's event
 * payload: a {@code StepCompleted}, or a {@code StepFailed} when the work ran and found the step
 * cannot go on (a preflight with problems). Throws {@link StepFailure} for a failure with a message
 * for people, any other exception for an unexpected one (retried with backoff).
 */
@FunctionalInterface
public interface CommandHandler {
    Object handle(Command command, ProgressReporter progress) throws Exception;
}
