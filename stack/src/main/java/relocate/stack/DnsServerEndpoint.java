package relocate.stack;

/**
 * The stack's DNS server (BIND): where it answers, the zone it is primary for, and the TSIG key that may send
 * it dynamic updates (RFC 2136). {@link #toString()} leaves the secret out, so printing the endpoints is safe.
 *
 * @param zone         the zone, absolute ({@code relocate.test.})
 * @param keyAlgorithm as BIND names it ({@code hmac-sha256})
 * @param keySecret    base64; never print or log it
 */
public record DnsServerEndpoint(String host, int port, String zone, String keyName, String keyAlgorithm, String keySecret) {

    @Override
    public String toString() {
        return "DnsServerEndpoint[host=" + host + ", port=" + port + ", zone=" + zone + ", keyName=" + keyName
                + ", keyAlgorithm=" + keyAlgorithm + ", keySecret=(hidden)]";
    }
}
