package relocate.dns.record;

import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import relocate.dns.DnsFailure;
import relocate.dns.DnsFailure.Reason;

/**
 * What an environment says about its DNS: the record users reach the domain by, the zone holding it, the
 * authoritative (primary) server that takes RFC 2136 updates for the zone, and the TSIG key that signs them.
 * Names are made absolute (a trailing dot is added). {@link #toString()} leaves the secret out.
 *
 * @param serverHost   the primary server's host name or address
 * @param zone         e.g. {@code relocate.test.}
 * @param recordName   e.g. {@code acme.apps.relocate.test.}; inside {@code zone}
 * @param recordType   e.g. {@code CNAME} (the default) or {@code A}; the record must have exactly one value
 * @param keyName      the TSIG key's name as the server knows it
 * @param keyAlgorithm e.g. {@code hmac-sha256}
 * @param keySecret    the key in base64; never printed, logged or put in a message
 * @param timeout      how long to wait for each answer of the server
 */
public record DnsSettings(String serverHost, int serverPort, String zone, String recordName, String recordType,
                          String keyName, String keyAlgorithm, String keySecret, Duration timeout) {

    public static final String DEFAULT_ALGORITHM = "hmac-sha256";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public DnsSettings {
        require(serverHost != null && !serverHost.isBlank(), "the DNS server's host is empty");
        require(serverPort >= 1 && serverPort <= 65535, "DNS server port " + serverPort + " is not a port (1-65535)");
        zone = absolute(zone, "zone");
        recordName = absolute(recordName, "record name");
        String zoneLower = zone.toLowerCase(Locale.ROOT);
        String nameLower = recordName.toLowerCase(Locale.ROOT);
        require(nameLower.equals(zoneLower) || nameLower.endsWith("." + zoneLower) || zoneLower.equals("."),
                "record " + recordName + " is not inside zone " + zone);
        recordType = recordType == null || recordType.isBlank() ? "CNAME" : recordType.trim().toUpperCase(Locale.ROOT);
        require(Type.value(recordType) > 0, "'" + recordType + "' is not a DNS record type");
        require(keyName != null && !keyName.isBlank(), "the TSIG key name is empty");
        keyName = keyName.trim();
        try {
            Name.fromString(keyName, Name.root);
        } catch (TextParseException e) {
            throw invalid("'" + keyName + "' is not a TSIG key name: " + e.getMessage());
        }
        keyAlgorithm = keyAlgorithm == null || keyAlgorithm.isBlank()
                ? DEFAULT_ALGORITHM : keyAlgorithm.trim().toLowerCase(Locale.ROOT);
        try {
            TSIG.algorithmToName(keyAlgorithm);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + keyAlgorithm + "' is not a TSIG algorithm (use e.g. hmac-sha256)");
        }
        require(keySecret != null && !keySecret.isBlank(), "the secret of TSIG key " + keyName + " is empty");
        try {
            Base64.getDecoder().decode(keySecret.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("the secret of TSIG key " + keyName + " is not base64");
        }
        keySecret = keySecret.trim();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        require(!timeout.isNegative() && !timeout.isZero(), "the DNS timeout must be positive");
    }

    /** A CNAME record, key algorithm hmac-sha256, a 5 s timeout. */
    public static DnsSettings cname(String serverHost, int serverPort, String zone, String recordName, String keyName,
                                    String keySecret) {
        return new DnsSettings(serverHost, serverPort, zone, recordName, "CNAME", keyName, DEFAULT_ALGORITHM,
                keySecret, DEFAULT_TIMEOUT);
    }

    public DnsSettings withTimeout(Duration timeout) {
        return new DnsSettings(serverHost, serverPort, zone, recordName, recordType, keyName, keyAlgorithm, keySecret,
                timeout);
    }

    /** The same server, zone and key for another record (and type). */
    public DnsSettings forRecord(String recordName, String recordType) {
        return new DnsSettings(serverHost, serverPort, zone, recordName, recordType, keyName, keyAlgorithm, keySecret,
                timeout);
    }

    /** The same everything with another key. */
    public DnsSettings withKey(String keyName, String keyAlgorithm, String keySecret) {
        return new DnsSettings(serverHost, serverPort, zone, recordName, recordType, keyName, keyAlgorithm, keySecret,
                timeout);
    }

    /** {@code host:port}, for messages. */
    public String server() {
        return (serverHost.contains(":") ? "[" + serverHost + "]" : serverHost) + ":" + serverPort;
    }

    @Override
    public String toString() {
        return "DnsSettings[server=" + server() + ", zone=" + zone + ", record=" + recordName + " " + recordType
                + ", key=" + keyName + " (" + keyAlgorithm + ", secret hidden), timeout=" + timeout + "]";
    }

    private static String absolute(String name, String what) {
        require(name != null && !name.isBlank(), "the " + what + " is empty");
        String trimmed = name.trim();
        String absolute = trimmed.endsWith(".") ? trimmed : trimmed + ".";
        try {
            Name.fromString(absolute);
        } catch (TextParseException e) {
            throw invalid("'" + trimmed + "' is not a DNS name (" + what + "): " + e.getMessage());
        }
        return absolute;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw invalid(problem);
        }
    }

    private static DnsFailure invalid(String problem) {
        return new DnsFailure(Reason.INVALID_SETTINGS, "Unusable DNS settings: " + problem + ".");
    }
}
