package relocate.stack;

/**
 * One server of the local stack as recorded in its state file.
 *
 * @param name     {@code postgres}, {@code kafka}, {@code registry} or {@code dns}
 * @param running  whether the recorded process is alive (same PID and same start time)
 * @param pid      the recorded PID, or -1 when none is recorded
 * @param endpoint where clients reach it, e.g. {@code 127.0.0.1:59092}
 */
public record ComponentStatus(String name, boolean running, long pid, String endpoint) {
}
