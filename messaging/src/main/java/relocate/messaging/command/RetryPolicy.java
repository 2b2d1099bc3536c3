package relocate.messaging.command;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/** How often a failing command is tried before it is reported as failed, and how long to wait between tries. */
@ConfigurationProperties("relocate.commands")
public record RetryPolicy(
        @Bindable(defaultValue = "3") int maxAttempts,
        @Bindable(defaultValue = "500ms") Duration initialBackoff,
        @Bindable(defaultValue = "10s") Duration maxBackoff) {

    public Duration backoffBefore(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 2));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
