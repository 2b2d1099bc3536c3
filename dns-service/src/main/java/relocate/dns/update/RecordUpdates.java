package relocate.dns.update;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Update;
import relocate.dns.DnsFailure;
import relocate.dns.DnsFailure.Reason;
import relocate.dns.record.AuthoritativeServer;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;

/**
 * The DNS steps of a migration, each one signed update conditioned on the record still holding the value it
 * was read with (compare-and-swap: an RFC 2136 value-dependent prerequisite). A record someone else changed
 * fails with {@link Reason#RECORD_CHANGED} and nothing is written.
 *
 * <p>The order: {@link #lowerTtl} (prepare), wait until {@link TtlLowered#oldTtlRunsOutAt()}, then
 * {@link #switchRecord} (cut-over) and wait until {@link RecordSwitched#oldAnswersExpireAt()} ({@link #cutOver}
 * does both). {@link #switchBack} undoes a switch, {@link #restoreTtl} a lowering. Each is safe to run again with
 * the same arguments (a redelivered command): a record already in the wanted state is left as it is.
 */
public final class RecordUpdates {

    /** The TTL during a migration: resolvers pick up the switch within a minute. */
    public static final long CUTOVER_TTL = 60;
    private static final Logger LOG = LoggerFactory.getLogger(RecordUpdates.class);

    private final Clock clock;

    public RecordUpdates() {
        this(Clock.systemUTC());
    }

    public RecordUpdates(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@link #lowerTtl(DnsSettings, RecordState, long)} to {@link #CUTOVER_TTL} (60 s). */
    public TtlLowered lowerTtl(DnsSettings settings, RecordState expected) {
        return lowerTtl(settings, expected, CUTOVER_TTL);
    }

    /**
     * Sets the record's TTL to {@code ttl} if it still holds {@code expected.value()}; a TTL already at or below
     * {@code ttl} is left alone. The old TTL reported is the longer of the one read now and {@code expected}'s,
     * so that a repeated call still waits for caches filled before the first.
     */
    public TtlLowered lowerTtl(DnsSettings settings, RecordState expected, long ttl) {
        if (ttl < 0) {
            throw new DnsFailure(Reason.INVALID_SETTINGS, "A TTL cannot be negative: " + ttl + ".");
        }
        AuthoritativeServer server = new AuthoritativeServer(settings);
        RecordState current = server.read();
        requireValue(server, expected, current);
        RecordState before = new RecordState(current.value(), Math.max(expected.ttl(), current.ttl()));
        RecordState after = current;
        if (current.ttl() > ttl) {
            replace(server, expected.value(), current.value(), ttl);
            after = confirm(server, current.value());
        }
        Instant runsOut = clock.instant().plusSeconds(before.ttl());
        LOG.info("TTL of {} on {} lowered from {} s to {} s; the old TTL runs out at {}", server.recordLabel(),
                settings.server(), before.ttl(), after.ttl(), runsOut);
        return new TtlLowered(before, after, runsOut);
    }

    /** Undoes {@link #lowerTtl}: the old TTL back, if the record still holds the value it was lowered with. */
    public RecordState restoreTtl(DnsSettings settings, TtlLowered lowered) {
        AuthoritativeServer server = new AuthoritativeServer(settings);
        RecordState current = server.read();
        requireValue(server, lowered.after(), current);
        if (current.ttl() == lowered.before().ttl()) {
            return current;
        }
        replace(server, lowered.after().value(), current.value(), lowered.before().ttl());
        RecordState restored = confirm(server, current.value());
        LOG.info("TTL of {} on {} restored to {} s", server.recordLabel(), settings.server(), restored.ttl());
        return restored;
    }

    /**
     * Replaces the record's value with {@code newValue} (keeping {@code expected}'s TTL) on condition that it
     * still holds {@code expected.value()}, then confirms the new answer on the server. Does not wait: caches may
     * serve the old value until {@link RecordSwitched#oldAnswersExpireAt()}. A record that already holds
     * {@code newValue} counts as switched.
     */
    public RecordSwitched switchRecord(DnsSettings settings, RecordState expected, String newValue) {
        AuthoritativeServer server = new AuthoritativeServer(settings);
        String target = server.canonical(newValue);
        try {
            replace(server, expected.value(), target, expected.ttl());
        } catch (DnsFailure e) {
            if (e.reason() != Reason.RECORD_CHANGED) {
                throw e;
            }
            RecordState now = server.read();
            if (!server.sameValue(now.value(), target)) {
                throw changed(server, expected, now, e);
            }
            LOG.info("{} on {} already points at {}", server.recordLabel(), settings.server(), now.value());
        }
        Instant updatedAt = clock.instant();
        RecordState after = confirm(server, target);
        RecordSwitched switched = new RecordSwitched(expected, after, updatedAt.plusSeconds(expected.ttl()));
        LOG.info("{} on {} switched from {} to {}; old answers expire at {}", server.recordLabel(), settings.server(),
                expected.value(), after.value(), switched.oldAnswersExpireAt());
        return switched;
    }

    /** {@link #switchRecord}, then {@code wait} until old answers have expired everywhere. */
    public RecordSwitched cutOver(DnsSettings settings, RecordState expected, String newValue, TtlWait wait)
            throws InterruptedException {
        RecordSwitched switched = switchRecord(settings, expected, newValue);
        wait.until(switched.oldAnswersExpireAt());
        return switched;
    }

    /** The rollback of a switch: the same switch in the other direction (and the same wait is up to the caller). */
    public RecordSwitched switchBack(DnsSettings settings, RecordSwitched switched) {
        return switchRecord(settings, switched.after(), switched.before().value());
    }

    /** One signed update: on condition that the record holds {@code expectedValue}, it becomes (value, ttl). */
    private static void replace(AuthoritativeServer server, String expectedValue, String value, long ttl) {
        Update update = server.newUpdate();
        try {
            // the value-only form: a prerequisite record carrying a TTL makes BIND answer FORMERR
            update.present(server.record(), server.type(), server.canonical(expectedValue));
        } catch (IOException e) {
            throw new DnsFailure(Reason.INVALID_SETTINGS, "'" + expectedValue + "' is not a value for record "
                    + server.recordLabel() + ": " + e.getMessage(), false, e);
        }
        update.delete(server.record(), server.type());
        update.add(server.newRecord(value, ttl));
        server.update(update);
    }

    private static RecordState confirm(AuthoritativeServer server, String value) {
        RecordState now;
        try {
            now = server.read();
        } catch (DnsFailure e) {
            throw new DnsFailure(Reason.NOT_CONFIRMED, "The server " + server.settings().server() + " accepted the"
                    + " update of " + server.recordLabel() + " but reading it back failed: " + e.getMessage(),
                    e.retryable(), e);
        }
        if (!server.sameValue(now.value(), value)) {
            throw new DnsFailure(Reason.NOT_CONFIRMED, "The server " + server.settings().server() + " accepted the"
                    + " update of " + server.recordLabel() + " to " + value + " but answers " + now.value()
                    + ". Someone may have changed it just after; check the record.");
        }
        return now;
    }

    private static void requireValue(AuthoritativeServer server, RecordState expected, RecordState current) {
        if (!server.sameValue(current.value(), expected.value())) {
            throw changed(server, expected, current, null);
        }
    }

    private static DnsFailure changed(AuthoritativeServer server, RecordState expected, RecordState now,
                                      Throwable cause) {
        return new DnsFailure(Reason.RECORD_CHANGED, "Record " + server.recordLabel() + " on "
                + server.settings().server() + " now points at " + now.value() + ", not at " + expected.value()
                + " as it did when it was read: someone else changed it. Nothing was written; check the record,"
                + " then run the step again.", false, cause);
    }
}
