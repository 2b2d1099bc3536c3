package relocate.loader;

import io.micronaut.runtime.Micronaut;

/** loader-service on its own: consumes relocate.cmd.load (LOAD, VERIFY, UNLOAD) and works on the target. */
public final class LoaderApplication {
    private LoaderApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(LoaderApplication.class, args);
    }
}
