package relocate.dns.record;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
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
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.WireParseException;
import relocate.dns.DnsFailure;
import relocate.dns.DnsFailure.Reason;

/**
 * The zone's primary server as Relocate talks to it: queries unsigned, updates (RFC 2136) signed with the TSIG
 * key, every message over TCP (a closed port fails at once, and a long answer is never truncated). Turns the
 * server's answers into values or into a {@link DnsFailure} that says what is wrong and what to do.
 */
public final class AuthoritativeServer {

    private final DnsSettings settings;
    private final Name zone;
    private final Name record;
    private final int type;

    public AuthoritativeServer(DnsSettings settings) {
        this.settings = settings;
        this.zone = name(settings.zone());
        this.record = name(settings.recordName());
        this.type = Type.value(settings.recordType());
    }

    public DnsSettings settings() {
        return settings;
    }

    /**
     * The zone's SOA serial, answered with authority. Fails with {@link Reason#NOT_AUTHORITATIVE} when the server
     * refuses the question, answers without the AA flag (a resolver or cache), or the zone is not a zone there.
     */
    public long zoneSerial() {
        Message answer = send(query(zone, Type.SOA), false);
        int rcode = answer.getRcode();
        if (rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH) {
            throw notAuthoritative("it answered " + Rcode.string(rcode) + " to a query for the zone's SOA: it does not"
                    + " serve the zone");
        }
        requireNoServerError(answer, "the SOA of zone " + zone);
        if (!answer.getHeader().getFlag(Flags.AA)) {
            throw notAuthoritative("it answered the query for the zone's SOA without authority (no AA flag), as a"
                    + " resolver or a cache does");
        }
        for (Record soa : answer.getSection(Section.ANSWER)) {
            if (soa instanceof SOARecord s && s.getName().equals(zone)) {
                return s.getSerial();
            }
        }
        String enclosing = answer.getSection(Section.AUTHORITY).stream()
                .filter(r -> r.getType() == Type.SOA)
                .map(r -> " it is a name inside zone " + r.getName() + ", which is the zone to configure")
                .findFirst().orElse("");
        throw notAuthoritative(zone + " is not a zone there (" + Rcode.string(rcode) + ", no SOA at that name);"
                + enclosing);
    }

    /**
     * Proves that the server accepts the TSIG key for updates of the zone without changing anything: a signed
     * update whose only section is a prerequisite that always holds (the zone has an SOA) and that has no changes.
     * A server that grants keys per name (BIND's update-policy) checks those grants only for changes; the first
     * real update finds those.
     */
    public void requireKeyAccepted() {
        Update probe = newUpdate();
        probe.present(zone, Type.SOA);
        update(probe);
    }

    /** The record's one value and TTL, answered with authority. */
    public RecordState read() {
        Message answer = send(query(record, type), false);
        int rcode = answer.getRcode();
        String what = recordLabel();
        if (rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH) {
            throw notAuthoritative("it answered " + Rcode.string(rcode) + " to a query for " + what);
        }
        requireNoServerError(answer, what);
        if (!answer.getHeader().getFlag(Flags.AA)) {
            throw notAuthoritative("it answered the query for " + what + " without authority (no AA flag)");
        }
        if (rcode == Rcode.NXDOMAIN) {
            throw new DnsFailure(Reason.RECORD_MISSING, "Record " + what + " does not exist on " + settings.server()
                    + " (no such name). Create it, or correct the record name of the environment.");
        }
        List<Record> values = answer.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type && r.getName().equals(record))
                .toList();
        if (values.isEmpty()) {
            String alias = answer.getSection(Section.ANSWER).stream()
                    .filter(r -> r instanceof CNAMERecord && r.getName().equals(record))
                    .map(r -> "the name is an alias (CNAME) of " + ((CNAMERecord) r).getTarget())
                    .findFirst().orElse("the name holds other types only");
            throw new DnsFailure(Reason.RECORD_MISSING, "Record " + what + " does not exist on " + settings.server()
                    + " (" + alias + "). Create it, or correct the record name or type of the environment.");
        }
        if (values.size() > 1) {
            throw new DnsFailure(Reason.UNSUPPORTED_RECORD, "Record " + what + " has " + values.size() + " values on "
                    + settings.server() + "; Relocate switches a record with exactly one value (e.g. a CNAME).");
        }
        return new RecordState(values.get(0).rdataToString(), values.get(0).getTTL());
    }

    /** An empty update of the zone, to fill and {@link #update}. */
    public Update newUpdate() {
        return new Update(zone);
    }

    /**
     * Sends a signed update. A failed prerequisite is {@link Reason#RECORD_CHANGED} (nothing was written); a
     * rejected key is {@link Reason#KEY_REJECTED}.
     */
    public void update(Update update) {
        Message answer = send(update, true);
        int rcode = answer.getRcode();
        TSIGRecord tsig = answer.getTSIG();
        if (tsig != null && tsig.getError() != Rcode.NOERROR) {
            String hint = tsig.getError() == Rcode.BADTIME
                    ? " (BADTIME: the clocks of this machine and of the server differ by more than "
                    + TSIG.FUDGE.toSeconds() + " s)"
                    : " (" + Rcode.TSIGstring(tsig.getError()) + ")";
            throw keyRejected(hint);
        }
        switch (rcode) {
            case Rcode.NOERROR -> {
                if (!answer.isVerified()) {
                    throw keyRejected(" (its answer is not signed with the key)");
                }
            }
            // NOTAUTH in an answer signed with our key: the key is fine, the zone is not the server's
            case Rcode.NOTAUTH -> throw answer.isVerified()
                    ? notAuthoritative("it answered NOTAUTH to an update of the zone")
                    : keyRejected(" (NOTAUTH)");
            case Rcode.REFUSED -> throw keyRejected(" (REFUSED: the key may not update zone " + zone + ")");
            case Rcode.NXRRSET, Rcode.NXDOMAIN, Rcode.YXRRSET, Rcode.YXDOMAIN -> throw new DnsFailure(
                    Reason.RECORD_CHANGED, "Record " + recordLabel() + " on " + settings.server() + " is no longer"
                    + " what was read (" + Rcode.string(rcode) + " on the update's prerequisite): someone else"
                    + " changed it. Nothing was written.");
            default -> requireNoServerError(answer, "an update of zone " + zone);
        }
    }

    /** {@code value} in zone-file form for the record's type, names made absolute ({@code env-b.example.}). */
    public String canonical(String value) {
        return parse(value, 0).rdataToString();
    }

    /** Whether two values of the record's type are the same data (names compare without regard to case). */
    public boolean sameValue(String a, String b) {
        return parse(a, 0).equals(parse(b, 0));
    }

    /** The record with {@code value} and {@code ttl}, to add in an update. */
    public Record newRecord(String value, long ttl) {
        return parse(value, ttl);
    }

    /** The record's name. */
    public Name record() {
        return record;
    }

    /** The record's type ({@link Type} constant). */
    public int type() {
        return type;
    }

    /** {@code acme.apps.relocate.test. CNAME}, for messages. */
    public String recordLabel() {
        return record + " " + Type.string(type);
    }

    private Record parse(String value, long ttl) {
        if (value == null || value.isBlank()) {
            throw new DnsFailure(Reason.INVALID_SETTINGS, "An empty value for record " + recordLabel() + ".");
        }
        try {
            // relative to the root, so that "env-b.example" means env-b.example. and not env-b.example.<zone>
            return Record.fromString(record, type, DClass.IN, ttl, value.trim(), Name.root);
        } catch (IOException | IllegalArgumentException e) {
            throw new DnsFailure(Reason.INVALID_SETTINGS, "'" + value + "' is not a value for record "
                    + recordLabel() + ": " + e.getMessage(), false, e);
        }
    }

    private Message send(Message message, boolean signed) {
        SimpleResolver resolver;
        try {
            resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(settings.serverHost()),
                    settings.serverPort()));
        } catch (UnknownHostException e) {
            throw new DnsFailure(Reason.UNREACHABLE, "The DNS server's host " + settings.serverHost()
                    + " cannot be resolved: correct the server of the environment, or check this machine's DNS.",
                    true, e);
        }
        resolver.setTCP(true);
        resolver.setTimeout(settings.timeout());
        if (signed) {
            resolver.setTSIGKey(new TSIG(TSIG.algorithmToName(settings.keyAlgorithm()), name(settings.keyName()),
                    settings.keySecret()));
        }
        try {
            return resolver.send(message);
        } catch (WireParseException e) {
            throw new DnsFailure(Reason.SERVER_ERROR, settings.server() + " answered with something that is not a"
                    + " DNS answer to the question (" + e.getMessage() + "). Is it a DNS server?", false, e);
        } catch (IOException e) {
            if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
                throw new DnsFailure(Reason.UNREACHABLE, "Interrupted while waiting for the DNS server "
                        + settings.server() + ".", true, e);
            }
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String why = e instanceof ConnectException || e instanceof NoRouteToHostException
                    ? detail
                    : "no answer within " + settings.timeout().toMillis() + " ms: " + detail;
            throw new DnsFailure(Reason.UNREACHABLE, "The DNS server " + settings.server() + " did not answer ("
                    + why + "). Check that it runs and that this machine may reach it on TCP port "
                    + settings.serverPort() + ".", true, e);
        }
    }

    private void requireNoServerError(Message answer, String what) {
        int rcode = answer.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            return;
        }
        boolean retryable = rcode == Rcode.SERVFAIL;
        String hint = retryable ? " Has the zone loaded? See the server's log." : "";
        throw new DnsFailure(Reason.SERVER_ERROR, settings.server() + " answered " + Rcode.string(rcode) + " to "
                + what + "." + hint, retryable);
    }

    private DnsFailure notAuthoritative(String why) {
        return new DnsFailure(Reason.NOT_AUTHORITATIVE, "The DNS server " + settings.server()
                + " is not authoritative for zone " + zone + ": " + why + ". Point the environment at the zone's"
                + " primary server, or correct the zone name.");
    }

    private DnsFailure keyRejected(String detail) {
        return new DnsFailure(Reason.KEY_REJECTED, "The server " + settings.server() + " rejected TSIG key "
                + settings.keyName() + detail + "; check its name and secret (and algorithm "
                + settings.keyAlgorithm() + ").");
    }

    private static Message query(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD); // we want the server's own data, not a resolver's
        return query;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new DnsFailure(Reason.INVALID_SETTINGS, "'" + text + "' is not a DNS name: " + e.getMessage(), false,
                    e);
        }
    }
}
