package relocate.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;
import relocate.stack.DnsServerEndpoint;
import relocate.stack.LocalStack;

/**
 * The stack's BIND for the tests, and what tests do to it behind the back of the code under test (make a record of
 * their own, change it as someone else would, read what the server answers), with dnsjava directly.
 */
public final class TestDns {

    /** Where each test's record points first; another address of the seeded zone. */
    public static final String ENV_A = "env-a.relocate.test.";
    public static final String ENV_B = "env-b.relocate.test.";
    public static final long SEED_TTL = 300;

    private TestDns() {
    }

    public static DnsServerEndpoint server() {
        return LocalStack.forTests().endpoints().dns();
    }

    /**
     * Settings for a CNAME of the test's own ({@code <label>-<random>.apps.relocate.test.}), created pointing at
     * {@link #ENV_A} with TTL {@link #SEED_TTL}, so that tests do not see each other's changes.
     */
    public static DnsSettings freshRecord(String label) {
        DnsServerEndpoint dns = server();
        String name = label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".apps." + dns.zone();
        setBehindTheBack(name, ENV_A, SEED_TTL);
        return new DnsSettings(dns.host(), dns.port(), dns.zone(), name, "CNAME", dns.keyName(), dns.keyAlgorithm(),
                dns.keySecret(), Duration.ofSeconds(10));
    }

    /** Settings for a name that has no record. */
    public static DnsSettings missingRecord() {
        DnsServerEndpoint dns = server();
        return new DnsSettings(dns.host(), dns.port(), dns.zone(), "missing-" + UUID.randomUUID() + ".apps."
                + dns.zone(), "CNAME", dns.keyName(), dns.keyAlgorithm(), dns.keySecret(), Duration.ofSeconds(10));
    }

    /** What another party (an operator, another tool) does: replaces the CNAME, signed with the stack's key. */
    public static void setBehindTheBack(String name, String target, long ttl) {
        DnsServerEndpoint dns = server();
        try {
            Update update = new Update(Name.fromString(dns.zone()));
            update.replace(Name.fromString(name), Type.CNAME, ttl, target);
            Message answer = resolver(true).send(update);
            assertEquals(Rcode.NOERROR, answer.getRcode(), answer.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CNAME as the server answers it, read without the code under test. */
    public static RecordState answer(String name) {
        try {
            Message answer = resolver(false).send(Message.newQuery(Record.newRecord(Name.fromString(name),
                    Type.CNAME, DClass.IN)));
            assertEquals(Rcode.NOERROR, answer.getRcode(), answer.toString());
            assertTrue(answer.getHeader().getFlag(Flags.AA), answer.toString());
            List<Record> records = answer.getSection(Section.ANSWER);
            assertEquals(1, records.size(), answer.toString());
            return new RecordState(records.get(0).rdataToString(), records.get(0).getTTL());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zone's SOA serial: it moves with every change of the zone. */
    public static long zoneSerial() {
        try {
            Message answer = resolver(false).send(Message.newQuery(Record.newRecord(
                    Name.fromString(server().zone()), Type.SOA, DClass.IN)));
            return ((SOARecord) answer.getSection(Section.ANSWER).get(0)).getSerial();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SimpleResolver resolver(boolean signed) {
        DnsServerEndpoint dns = server();
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(dns.host(), dns.port()));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(10));
        if (signed) {
            resolver.setTSIGKey(new TSIG(dns.keyAlgorithm(), dns.keyName(), dns.keySecret()));
        }
        return resolver;
    }
}
