package relocate.messaging.kafka;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import relocate.messaging.secret.SecretBox;

/** The messaging beans every Relocate process shares: one registry client and serdes, one producer, the secret box. */
@Factory
public class MessagingFactory {

    @Singleton
    Serdes serdes(KafkaConfig config) {
        return Serdes.create(config);
    }

    @Singleton
    @Bean(preDestroy = "close")
    Publisher publisher(KafkaConfig config, Serdes serdes, @Named("worker-id") String workerId) {
        return new Publisher(config, serdes, workerId);
    }

    @Singleton
    SecretBox secretBox(@Value("${relocate.secret-key:}") String key) {
        return new SecretBox(key);
    }

    /** Names this process in StepStarted events, so an operator sees which instance took a command. */
    @Singleton
    @Named("worker-id")
    String workerId(@Value("${relocate.worker-id:}") String configured) {
        if (!configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
