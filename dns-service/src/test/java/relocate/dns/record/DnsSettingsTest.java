package relocate.dns.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import relocate.dns.DnsFailure;
import relocate.dns.DnsFailure.Reason;

class DnsSettingsTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";

    @Test
    void namesBecomeAbsoluteAndTheDefaultsApply() {
        DnsSettings settings = new DnsSettings("127.0.0.1", 53, "relocate.test", "acme.apps.relocate.test", null,
                "relocate-stack", null, SECRET, null);

        assertEquals("relocate.test.", settings.zone());
        assertEquals("acme.apps.relocate.test.", settings.recordName());
        assertEquals("CNAME", settings.recordType());
        assertEquals("hmac-sha256", settings.keyAlgorithm());
        assertEquals(DnsSettings.DEFAULT_TIMEOUT, settings.timeout());
    }

    @Test
    void toStringNamesTheKeyButNotItsSecret() {
        DnsSettings settings = DnsSettings.cname("127.0.0.1", 53, "relocate.test.", "acme.apps.relocate.test.",
                "relocate-stack", SECRET);

        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertTrue(settings.toString().contains("relocate-stack"), settings.toString());
    }

    @Test
    void aRecordOutsideTheZoneIsRefused() {
        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsSettings.cname("127.0.0.1", 53, "relocate.test.",
                "acme.example.com.", "relocate-stack", SECRET));

        assertEquals(Reason.INVALID_SETTINGS, e.reason());
        assertTrue(e.getMessage().contains("acme.example.com.") && e.getMessage().contains("relocate.test."),
                e.getMessage());
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithoutRepeatingIt() {
        String notBase64 = "my secret!";

        DnsFailure e = assertThrows(DnsFailure.class, () -> DnsSettings.cname("127.0.0.1", 53, "relocate.test.",
                "acme.relocate.test.", "relocate-stack", notBase64));

        assertEquals(Reason.INVALID_SETTINGS, e.reason());
        assertTrue(e.getMessage().contains("relocate-stack"), e.getMessage());
        assertFalse(e.getMessage().contains(notBase64), e.getMessage());
    }

    @Test
    void anUnknownAlgorithmOrTypeIsRefused() {
        assertThrows(DnsFailure.class, () -> new DnsSettings("127.0.0.1", 53, "relocate.test.", "a.relocate.test.",
                "CNAME", "k", "hmac-sha999", SECRET, null));
        assertThrows(DnsFailure.class, () -> new DnsSettings("127.0.0.1", 53, "relocate.test.", "a.relocate.test.",
                "NOPE", "k", "hmac-sha256", SECRET, null));
    }
}
