package relocate.dns.update;

import java.time.Instant;
import relocate.dns.record.RecordState;

/**
 * The record now holds the new value, confirmed on its authoritative server.
 *
 * @param before              what it held (the state the switch was conditioned on)
 * @param after               what the server answers now
 * @param oldAnswersExpireAt  when every cache has let go of the old value ({@code before}'s TTL after the update)
 */
public record RecordSwitched(RecordState before, RecordState after, Instant oldAnswersExpireAt) {
}
