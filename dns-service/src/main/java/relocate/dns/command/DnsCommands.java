package relocate.dns.command;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import relocate.dns.DnsFailure;
import relocate.dns.check.DnsPreflight;
import relocate.dns.record.AuthoritativeServer;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;
import relocate.dns.update.RecordSwitched;
import relocate.dns.update.RecordUpdates;
import relocate.dns.update.TtlLowered;
import relocate.dns.update.TtlWait;
import relocate.messaging.command.CommandService;
import relocate.messaging.command.ProgressReporter;
import relocate.messaging.command.RetryPolicy;
import relocate.messaging.command.StepFailure;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.CheckDns;
import relocate.schemas.Command;
import relocate.schemas.DnsEndpoint;
import relocate.schemas.DnsReport;
import relocate.schemas.LowerDnsTtl;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.SwitchDns;
import relocate.schemas.failure.FailureCodes;
import relocate.schemas.topic.Topics;

/**
 * dns-service's listener on relocate.cmd.dns: PREFLIGHT's check of the record, DNS_PREPARE (lower the TTL),
 * DNS_CUTOVER and DNS_ROLLBACK (switch the record, compare-and-swap, then wait out the TTL).
 */
@Singleton
@Requires(property = "relocate.dns.enabled", notEquals = "false")
public class DnsCommands extends CommandService {
    /**
     * The longest TTL a switch waits out while holding its command: longer ones must be lowered ahead
     * (relocate dns prepare), or the wait would outlast the consumer's poll interval.
     */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(4);

    private final Clock clock = Clock.systemUTC();
    private final RecordUpdates updates = new RecordUpdates(clock);

    public DnsCommands(KafkaConfig config, Serdes serdes, Publisher publisher, RetryPolicy retry, SecretBox secrets,
                       @Named("worker-id") String workerId,
                          @Value("${relocate.dns.workers:1}") int workers) {
        super("dns", Topics.CMD_DNS, config, serdes, publisher, retry, secrets, workerId, workers);
    }

    @Override
    public Object handle(Command command, ProgressReporter progress) throws Exception {
        Object payload = command.getPayload();
        try {
            if (payload instanceof CheckDns check) {
                return check(check);
            }
            if (payload instanceof LowerDnsTtl lower) {
                return lower(lower);
            }
            if (payload instanceof SwitchDns switchDns) {
                return switchRecord(switchDns);
            }
        } catch (DnsFailure f) {
            if (f.retryable()) {
                throw new StepFailure(f.getMessage(), true, f);
            }
            return StepFailed.newBuilder().setReason(f.getMessage()).setRetryable(false).setCode(code(f)).build();
        }
        throw unsupported(payload);
    }

    private Object check(CheckDns check) {
        DnsEndpoint source = check.getSource();
        DnsEndpoint target = check.getTarget();
        if (!source.getRecord().equalsIgnoreCase(target.getRecord())) {
            throw new DnsFailure(DnsFailure.Reason.INVALID_SETTINGS, "environments " + source.getEnvironment() + " and "
                    + target.getEnvironment() + " name different records for the domain (" + source.getRecord() + ", "
                    + target.getRecord() + "): the cut-over switches one record; give both the same dns record");
        }
        RecordState state = DnsPreflight.check(settings(source), source.getAddress());
        return StepCompleted.newBuilder().setDns(report(source, state)).build();
    }

    private Object lower(LowerDnsTtl lower) {
        DnsSettings settings = settings(lower.getDns());
        RecordState now = current(settings, lower.getExpected());
        TtlLowered lowered = updates.lowerTtl(settings, now, lower.getDns().getTtl());
        return StepCompleted.newBuilder().setDns(DnsReport.newBuilder(report(lower.getDns(), lowered.after()))
                .setPreviousTtl(lowered.before().ttl()).setSettledAt(lowered.oldTtlRunsOutAt()).build()).build();
    }

    private Object switchRecord(SwitchDns switchDns) throws InterruptedException {
        DnsSettings settings = settings(switchDns.getDns());
        AuthoritativeServer server = new AuthoritativeServer(settings);
        RecordState now = server.read();
        // a redelivered command finds the record switched already: it only waits out the TTL again
        RecordState expected = server.sameValue(now.value(), server.canonical(switchDns.getValue()))
                ? new RecordState(switchDns.getExpected(), now.ttl()) : still(server, now, switchDns.getExpected());
        if (Duration.ofSeconds(expected.ttl()).compareTo(LONGEST_WAIT) > 0) {
            throw new DnsFailure(DnsFailure.Reason.INVALID_SETTINGS, "record " + switchDns.getDns().getRecord()
                    + " has a TTL of " + expected.ttl() + " s: resolvers would keep the old answer that long. Lower it "
                    + "first (relocate dns prepare), wait until the old TTL has run out, then retry; nothing was changed");
        }
        RecordSwitched switched = updates.cutOver(settings, expected, switchDns.getValue(), TtlWait.sleeping(clock));
        return StepCompleted.newBuilder().setDns(DnsReport.newBuilder(report(switchDns.getDns(), switched.after()))
                .setSettledAt(switched.oldAnswersExpireAt()).build()).build();
    }

    /** The record as it is, provided it still holds {@code expected}. */
    private static RecordState current(DnsSettings settings, String expected) {
        AuthoritativeServer server = new AuthoritativeServer(settings);
        return still(server, server.read(), expected);
    }

    private static RecordState still(AuthoritativeServer server, RecordState now, String expected) {
        if (!server.sameValue(now.value(), server.canonical(expected))) {
            throw new DnsFailure(DnsFailure.Reason.RECORD_CHANGED, "record " + server.settings().recordName() + " points at "
                    + now.value() + ", not at " + expected + " as it did: someone else changed it. Nothing was changed; "
                    + "find out who, then retry or abort");
        }
        return now;
    }

    private DnsSettings settings(DnsEndpoint e) {
        return new DnsSettings(e.getServer(), e.getPort(), e.getZone(), e.getRecord(), "CNAME", e.getKeyName(),
                e.getKeyAlgorithm(), unseal(e.getSealedKeySecret()), null);
    }

    private static DnsReport report(DnsEndpoint e, RecordState state) {
        return DnsReport.newBuilder().setRecord(e.getRecord()).setValue(state.value()).setTtl(state.ttl()).build();
    }

    /** The stable names the coordinator acts on (DNS_SWITCHED_UNCONFIRMED: the record may have switched). */
    static String code(DnsFailure f) {
        return f.reason() == DnsFailure.Reason.NOT_CONFIRMED ? FailureCodes.DNS_SWITCHED_UNCONFIRMED : "DNS_" + f.reason().name();
    }
}
