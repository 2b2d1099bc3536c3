package relocate.coordinator;

import io.micronaut.runtime.Micronaut;

/** The coordinator on its own (distributed mode). The all-in-one server is `relocate server`. */
public final class CoordinatorApplication {
    private CoordinatorApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(CoordinatorApplication.class, args);
    }
}
