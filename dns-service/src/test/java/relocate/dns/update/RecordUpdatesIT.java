package relocate.dns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import relocate.dns.DnsFailure;
import relocate.dns.DnsFailure.Reason;
import relocate.dns.TestDns;
import relocate.dns.check.DnsPreflight;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;

@Timeout(value = 3, unit = TimeUnit.MINUTES) // the first test of the JVM starts the whole local stack
class RecordUpdatesIT {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RecordUpdates updates = new RecordUpdates(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void lowerTtlReportsTheOldTtlAndWhenItRunsOut() {
        DnsSettings settings = TestDns.freshRecord("lower");
        RecordState checked = DnsPreflight.check(settings);

        TtlLowered lowered = updates.lowerTtl(settings, checked);

        assertEquals(new RecordState(TestDns.ENV_A, TestDns.SEED_TTL), lowered.before());
        assertEquals(new RecordState(TestDns.ENV_A, RecordUpdates.CUTOVER_TTL), lowered.after());
        assertEquals(NOW.plusSeconds(TestDns.SEED_TTL), lowered.oldTtlRunsOutAt());
        assertEquals(new RecordState(TestDns.ENV_A, RecordUpdates.CUTOVER_TTL), TestDns.answer(settings.recordName()));
    }

    @Test
    void lowerTtlAgainChangesNothingAndStillReportsTheFirstOldTtl() {
        DnsSettings settings = TestDns.freshRecord("lower-twice");
        RecordState checked = DnsPreflight.check(settings);
        updates.lowerTtl(settings, checked);
        long serial = TestDns.zoneSerial();

        TtlLowered again = updates.lowerTtl(settings, checked); // a redelivered command

        assertEquals(serial, TestDns.zoneSerial());
        assertEquals(TestDns.SEED_TTL, again.before().ttl());
        assertEquals(NOW.plusSeconds(TestDns.SEED_TTL), again.oldTtlRunsOutAt());
    }

    @Test
    void restoreTtlPutsTheOldTtlBack() {
        DnsSettings settings = TestDns.freshRecord("restore");
        TtlLowered lowered = updates.lowerTtl(settings, DnsPreflight.check(settings));

        RecordState restored = updates.restoreTtl(settings, lowered);

        assertEquals(new RecordState(TestDns.ENV_A, TestDns.SEED_TTL), restored);
        assertEquals(restored, TestDns.answer(settings.recordName()));
    }

    @Test
    void lowerTtlOfARecordChangedSinceItWasCheckedFailsAndWritesNothing() {
        DnsSettings settings = TestDns.freshRecord("lower-changed");
        RecordState checked = DnsPreflight.check(settings);
        TestDns.setBehindTheBack(settings.recordName(), "elsewhere.example.", 600);

        DnsFailure e = assertThrows(DnsFailure.class, () -> updates.lowerTtl(settings, checked));

        assertEquals(Reason.RECORD_CHANGED, e.reason(), e.getMessage());
        assertEquals(new RecordState("elsewhere.example.", 600), TestDns.answer(settings.recordName()));
    }

    @Test
    void switchConfirmsTheNewValueOnTheServer() {
        DnsSettings settings = TestDns.freshRecord("switch");
        TtlLowered lowered = updates.lowerTtl(settings, DnsPreflight.check(settings), 2);

        RecordSwitched switched = updates.switchRecord(settings, lowered.after(), TestDns.ENV_B);

        assertEquals(new RecordState(TestDns.ENV_A, 2), switched.before());
        assertEquals(new RecordState(TestDns.ENV_B, 2), switched.after());
        assertEquals(NOW.plusSeconds(2), switched.oldAnswersExpireAt());
        assertEquals(new RecordState(TestDns.ENV_B, 2), TestDns.answer(settings.recordName()));
    }

    @Test
    void aValueWithoutTheTrailingDotIsTakenAsAnAbsoluteName() {
        DnsSettings settings = TestDns.freshRecord("switch-relative");
        RecordState checked = DnsPreflight.check(settings);

        updates.switchRecord(settings, checked, "env-b.relocate.test");

        assertEquals(TestDns.ENV_B, TestDns.answer(settings.recordName()).value());
    }

    @Test
    void switchBackRestoresThePreviousValue() {
        DnsSettings settings = TestDns.freshRecord("rollback");
        TtlLowered lowered = updates.lowerTtl(settings, DnsPreflight.check(settings), 1);
        RecordSwitched switched = updates.switchRecord(settings, lowered.after(), TestDns.ENV_B);

        RecordSwitched back = updates.switchBack(settings, switched);

        assertEquals(new RecordState(TestDns.ENV_A, 1), back.after());
        assertEquals(new RecordState(TestDns.ENV_A, 1), TestDns.answer(settings.recordName()));
    }

    @Test
    void aSwitchRunAgainAfterItSucceededCountsAsDone() {
        DnsSettings settings = TestDns.freshRecord("switch-twice");
        RecordState checked = DnsPreflight.check(settings);
        updates.switchRecord(settings, checked, TestDns.ENV_B);

        RecordSwitched again = updates.switchRecord(settings, checked, TestDns.ENV_B); // a redelivered command

        assertEquals(TestDns.ENV_B, again.after().value());
        assertEquals(TestDns.ENV_B, TestDns.answer(settings.recordName()).value());
    }

    @Test
    void aRecordChangedBySomeoneElseBetweenReadAndSwitchFailsTheSwitchAndKeepsTheirValue() {
        DnsSettings settings = TestDns.freshRecord("switch-race");
        RecordState checked = DnsPreflight.check(settings);
        TestDns.setBehindTheBack(settings.recordName(), "someone-else.example.", 120);
        long serial = TestDns.zoneSerial();

        DnsFailure e = assertThrows(DnsFailure.class,
                () -> updates.switchRecord(settings, checked, TestDns.ENV_B));

        assertEquals(Reason.RECORD_CHANGED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("someone-else.example."), e.getMessage());
        assertFalse(e.retryable());
        assertEquals(new RecordState("someone-else.example.", 120), TestDns.answer(settings.recordName()));
        assertEquals(serial, TestDns.zoneSerial(), "nothing was written");
    }

    @Test
    void aSwitchSignedWithAWrongKeyIsRejectedAndChangesNothing() {
        DnsSettings good = TestDns.freshRecord("switch-badkey");
        RecordState checked = DnsPreflight.check(good);
        String wrong = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        DnsSettings settings = good.withKey(good.keyName(), good.keyAlgorithm(), wrong);

        DnsFailure e = assertThrows(DnsFailure.class, () -> updates.switchRecord(settings, checked, TestDns.ENV_B));

        assertEquals(Reason.KEY_REJECTED, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains(wrong) || e.getMessage().contains(good.keySecret()), e.getMessage());
        assertEquals(checked, TestDns.answer(good.recordName()));
    }

    @Test
    void cutOverWaitsUntilOldAnswersExpireBeforeReturning() throws InterruptedException {
        DnsSettings settings = TestDns.freshRecord("cutover");
        RecordUpdates live = new RecordUpdates(); // the system clock: the wait is real, one second
        TtlLowered lowered = live.lowerTtl(settings, DnsPreflight.check(settings), 1);
        List<Instant> waitedFor = new ArrayList<>();
        TtlWait sleeping = TtlWait.sleeping(Clock.systemUTC());

        RecordSwitched switched = live.cutOver(settings, lowered.after(), TestDns.ENV_B, instant -> {
            assertEquals(TestDns.ENV_B, TestDns.answer(settings.recordName()).value(), "switched before the wait");
            waitedFor.add(instant);
            sleeping.until(instant);
        });

        assertEquals(List.of(switched.oldAnswersExpireAt()), waitedFor);
        assertFalse(Instant.now().isBefore(switched.oldAnswersExpireAt()), "returned before the old TTL ran out");
    }
}
