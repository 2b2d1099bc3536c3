package relocate.dns;

import io.micronaut.runtime.Micronaut;

/** dns-service on its own: consumes relocate.cmd.dns (the record's checks, TTL lowering, cut-over, rollback). */
public final class DnsApplication {
    private DnsApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(DnsApplication.class, args);
    }
}
