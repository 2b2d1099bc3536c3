package relocate.dumper;

import io.micronaut.runtime.Micronaut;

/** dumper-service on its own (distributed mode: run as many as the work needs). */
public final class DumperApplication {
    private DumperApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(DumperApplication.class, args);
    }
}
