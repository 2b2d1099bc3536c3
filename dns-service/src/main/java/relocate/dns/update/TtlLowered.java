package relocate.dns.update;

import java.time.Instant;
import relocate.dns.record.RecordState;

/**
 * The record's TTL was lowered ahead of the cut-over.
 *
 * @param before          the record before, with the old TTL (the longer of the one read and the one expected)
 * @param after           the record now: same value, the lowered TTL
 * @param oldTtlRunsOutAt when every cache that fetched the record under the old TTL has let it go: switch after
 *                        this instant, so that the switch reaches users within the lowered TTL
 */
public record TtlLowered(RecordState before, RecordState after, Instant oldTtlRunsOutAt) {
}
