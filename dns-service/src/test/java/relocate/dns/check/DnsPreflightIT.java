package relocate.dns.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import relocate.dns.DnsFailure;
import relocate.dns.DnsFailure.Reason;
import relocate.dns.TestDns;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;

@Timeout(value = 3, unit = TimeUnit.MINUTES) // the first test of the JVM starts the whole local stack
class DnsPreflightIT {

    @Test
    void passesOnAGoodSetupAndReportsTheRecordAsTheServerAnswersIt() {
        DnsSettings settings = TestDns.freshRecord("check-good");

        RecordState record = DnsPreflight.check(settings);

        assertEquals(new RecordState(TestDns.ENV_A, TestDns.SEED_TTL), record);
    }

    @Test
    void aRecordPointingElsewhereThanTheEnvironmentSaysFailsTheCheck() {
        DnsSettings settings = TestDns.freshRecord("check-pointsat");

        assertEquals(TestDns.ENV_A, DnsPreflight.check(settings, "ENV-A.relocate.test").value());
        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings, TestDns.ENV_B));

        assertEquals(Reason.UNEXPECTED_VALUE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(TestDns.ENV_A) && e.getMessage().contains(TestDns.ENV_B), e.getMessage());
    }

    @Test
    void changesNothingOnTheServer() {
        DnsSettings settings = TestDns.freshRecord("check-readonly");
        long serial = TestDns.zoneSerial();

        DnsPreflight.check(settings);

        assertEquals(serial, TestDns.zoneSerial(), "the key check is an update without changes");
        assertEquals(new RecordState(TestDns.ENV_A, TestDns.SEED_TTL), TestDns.answer(settings.recordName()));
    }

    @Test
    void aWrongSecretIsRejectedNamingTheKeyButNotTheSecret() {
        DnsSettings good = TestDns.freshRecord("check-badsig");
        String wrongSecret = Base64.getEncoder().encodeToString("not the stack's key, 32 bytes ok".getBytes());
        DnsSettings settings = good.withKey(good.keyName(), good.keyAlgorithm(), wrongSecret);

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.KEY_REJECTED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("rejected TSIG key " + good.keyName()), e.getMessage());
        assertTrue(e.getMessage().contains("check its name and secret"), e.getMessage());
        assertTrue(e.getMessage().contains("BADSIG"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongSecret), e.getMessage());
        assertFalse(e.getMessage().contains(good.keySecret()), e.getMessage());
        assertFalse(e.retryable());
        assertFalse(settings.toString().contains(wrongSecret), settings.toString());
    }

    @Test
    void aKeyNameTheServerDoesNotKnowIsRejected() {
        DnsSettings good = TestDns.freshRecord("check-badkey");
        DnsSettings settings = good.withKey("someone-else", good.keyAlgorithm(), good.keySecret());

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.KEY_REJECTED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("someone-else") && e.getMessage().contains("BADKEY"), e.getMessage());
        assertFalse(e.getMessage().contains(good.keySecret()), e.getMessage());
    }

    @Test
    void aZoneTheServerDoesNotServeFailsAsNotAuthoritative() {
        DnsSettings good = TestDns.freshRecord("check-zone");
        DnsSettings settings = new DnsSettings(good.serverHost(), good.serverPort(), "elsewhere.example.",
                "acme.elsewhere.example.", "CNAME", good.keyName(), good.keyAlgorithm(), good.keySecret(),
                good.timeout());

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.NOT_AUTHORITATIVE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("not authoritative for zone elsewhere.example."), e.getMessage());
        assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
    }

    @Test
    void aNameInsideTheZoneIsNotAZoneAndTheMessageNamesTheRealOne() {
        DnsSettings good = TestDns.freshRecord("check-subzone");
        DnsSettings settings = new DnsSettings(good.serverHost(), good.serverPort(), "apps.relocate.test.",
                good.recordName(), "CNAME", good.keyName(), good.keyAlgorithm(), good.keySecret(), good.timeout());

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.NOT_AUTHORITATIVE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("inside zone relocate.test."), e.getMessage());
    }

    @Test
    void aClosedPortFailsAtOnceAsUnreachableAndRetryable() throws IOException {
        DnsSettings good = TestDns.freshRecord("check-closed");
        int closed;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closed = socket.getLocalPort();
        }
        DnsSettings settings = new DnsSettings(good.serverHost(), closed, good.zone(), good.recordName(), "CNAME",
                good.keyName(), good.keyAlgorithm(), good.keySecret(), good.timeout());

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.UNREACHABLE, e.reason(), e.getMessage());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closed), e.getMessage());
        // refused by the kernel, not given up after the timeout
        assertInstanceOf(ConnectException.class, e.getCause(), String.valueOf(e.getCause()));
    }

    @Test
    void aRecordThatDoesNotExistFailsAsMissing() {
        DnsSettings settings = TestDns.missingRecord();

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.RECORD_MISSING, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(settings.recordName()), e.getMessage());
    }

    @Test
    void aRecordOfAnotherTypeThanConfiguredFailsAsMissingAndSaysWhatTheNameIs() {
        DnsSettings cname = TestDns.freshRecord("check-type");
        DnsSettings settings = cname.forRecord(cname.recordName(), "A");

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsPreflight.check(settings));

        assertEquals(Reason.RECORD_MISSING, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("alias (CNAME) of " + TestDns.ENV_A), e.getMessage());
    }
}
