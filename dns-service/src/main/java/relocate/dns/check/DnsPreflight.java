package relocate.dns.check;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.dns.DnsFailure;
import relocate.dns.record.AuthoritativeServer;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;

/**
 * Preflight of an environment's DNS, changing nothing: the server answers for the zone with authority, it
 * accepts the TSIG key for updates of the zone, and the record exists with one value. Each problem fails with
 * its own {@link DnsFailure.Reason} and a message that says what to do.
 */
public final class DnsPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(DnsPreflight.class);

    private DnsPreflight() {
    }

    /** The record as the server answers it now: the state that the later compare-and-swap updates expect. */
    public static RecordState check(DnsSettings settings) {
        AuthoritativeServer server = new AuthoritativeServer(settings);
        long serial = server.zoneSerial();
        server.requireKeyAccepted();
        RecordState record = server.read();
        LOG.info("DNS preflight passed: {} serves zone {} (serial {}), accepts TSIG key {}; {} is {}",
                settings.server(), settings.zone(), serial, settings.keyName(), server.recordLabel(), record);
        return record;
    }

    /**
     * {@link #check(DnsSettings)}, and the record must point at {@code pointsAt} (the source environment's address),
     * else {@link DnsFailure.Reason#UNEXPECTED_VALUE}. Names compare without regard to case or a final dot.
     */
    public static RecordState check(DnsSettings settings, String pointsAt) {
        AuthoritativeServer server = new AuthoritativeServer(settings);
        String expected = server.canonical(pointsAt);
        RecordState record = check(settings);
        if (!server.sameValue(record.value(), expected)) {
            throw new DnsFailure(DnsFailure.Reason.UNEXPECTED_VALUE, "Record " + server.recordLabel() + " on "
                    + settings.server() + " points at " + record.value() + ", not at " + expected + " as the"
                    + " environment says. Correct the record or the environment's DNS address.");
        }
        return record;
    }
}
