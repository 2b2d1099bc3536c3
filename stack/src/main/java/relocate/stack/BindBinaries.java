package relocate.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Finds BIND's {@code named}, installing BIND with apt-get when missing and root may. */
final class BindBinaries {

    private static final List<Path> USUAL = List.of(Path.of("/usr/sbin/named"), Path.of("/usr/local/sbin/named"));
    static final String PACKAGES = "bind9 bind9-utils bind9-dnsutils";

    private BindBinaries() {
    }

    /** The {@code named} program. */
    static Path locate(boolean root) {
        return locate(root, BindBinaries::find, BindBinaries::install);
    }

    /** Looks with {@code find}; when nothing is found, installs with {@code install} if root, else fails. */
    static Path locate(boolean root, Supplier<Optional<Path>> find, Runnable install) {
        Optional<Path> found = find.get();
        if (found.isPresent()) {
            return found.get();
        }
        if (!root) {
            throw new StackException("BIND's DNS server (named) is not installed. Install it, e.g. `sudo apt-get"
                    + " install -y " + PACKAGES + "` (Debian/Ubuntu), then run again.");
        }
        install.run();
        return find.get().orElseThrow(() -> new StackException("apt-get installed " + PACKAGES + ", but named is"
                + " still not found in /usr/sbin or on the PATH."));
    }

    private static Optional<Path> find() {
        Optional<Path> usual = USUAL.stream().filter(Files::isExecutable).findFirst();
        if (usual.isPresent()) {
            return usual;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "named"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * apt-get install BIND. Debian's package enables and starts a system-wide named on port 53: stop it and keep
     * it from starting at boot, since the stack runs a private one.
     */
    private static void install() {
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        Duration aptTimeout = Duration.ofMinutes(15);
        ChildProcesses.run(List.of("apt-get", "update"), env, null, aptTimeout);
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
        install.addAll(List.of(PACKAGES.split(" ")));
        ChildProcesses.run(install, env, null, aptTimeout);
        // systemd machines know the unit as named (bookworm) or bind9 (older releases); containers use the init script
        for (String unit : List.of("named", "bind9")) {
            tryRun(List.of("systemctl", "disable", "--now", unit));
            tryRun(List.of("service", unit, "stop"));
            tryRun(List.of("update-rc.d", unit, "disable"));
        }
    }

    /** For clean-up steps that may legitimately fail (no systemd in a container, no such unit). */
    private static void tryRun(List<String> command) {
        try {
            ChildProcesses.run(command, Map.of(), null, Duration.ofSeconds(60));
        } catch (StackException ignored) {
            // nothing to stop or disable
        }
    }
}
