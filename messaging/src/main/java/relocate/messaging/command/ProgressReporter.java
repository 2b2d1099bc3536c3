package relocate.messaging.command;

/** Reports how far a command's work has come. Implementations rate-limit what they publish. */
@FunctionalInterface
public interface ProgressReporter {
    void report(long done, long total, String unit, String model);

    ProgressReporter NONE = (done, total, unit, model) -> { };
}
