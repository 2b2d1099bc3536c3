package relocate.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, probing and stopping the stack's child processes: the one place that deals with PIDs and signals. */
final class ChildProcesses {

    /** Generous: on two busy cores the registry alone has taken 30 s to boot. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 40;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    /** A server launched by this JVM; {@code logOffset} is where its output starts in {@code log}. */
    record Child(String name, Process process, Path log, long logOffset) {

        /** What the server has written to its log since it was launched. */
        String logSinceLaunch() {
            return readFrom(log, logOffset);
        }
    }

    /** A process recorded in the state file: the PID plus its start time, so a reused PID is not mistaken for it. */
    record Recorded(String name, long pid, long startedMillis, String stopSignal) {
    }

    /** The java of this JVM, for the stack's Java servers (Kafka needs 17 or later, as this build does). */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Fails with a message naming the component, the port and how to choose another when the port is taken. */
    static void requirePortFree(String component, StackComponent.PortUse port) {
        if (!isFree(port.port(), port.udp())) {
            throw new StackException(component + " cannot start: port " + port.port()
                    + (port.udp() ? " (UDP or TCP)" : "") + " on 127.0.0.1 is already in use by another process."
                    + " Stop that process, or choose another port with " + port.envVar() + "=<port> (e.g. "
                    + port.envVar() + "=" + (port.port() + 100) + " ./relocate stack up).");
        }
    }

    /** Whether 127.0.0.1:port can be bound for TCP (and, if {@code udp}, for UDP) right now. */
    static boolean isFree(int port, boolean udp) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.bind(address);
            if (udp) {
                new DatagramSocket(address).close();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Whether an HTTP server answers {@code url} with 200: the readiness probe of HTTP components. */
    static boolean answersOk(String url, String component) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for " + component, e);
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Launches a server in a session of its own (setsid), so that a terminal's Ctrl-C or hang-up does not
     * reach it and it outlives the JVM; stdin is /dev/null, stdout and stderr are appended to {@code log}.
     */
    static Child launch(String name, StackComponent.Launch launch, Path log, Path workingDirectory) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // our child is not a process-group leader, so setsid execs in place and keeps the PID
            command.add(SETSID.toString());
        }
        command.addAll(launch.command());
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(workingDirectory);
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                            + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long offset = Files.size(log);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            builder.environment().putAll(launch.environment());
            return new Child(name, builder.start(), log, offset);
        } catch (IOException e) {
            throw new StackException(name + " could not be launched (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits until the component says its server is ready. Fails early when the process exits, and after
     * {@code timeout} otherwise, with the last lines of its log in the message.
     */
    static void awaitReady(StackComponent component, Child child, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!child.process().isAlive()) {
                throw new StackException(child.name() + " exited with code " + child.process().exitValue()
                        + " before it was ready. " + logTail(child));
            }
            if (component.isReady(child)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(child.name() + " was not ready after " + timeout.toSeconds() + " s. "
                        + logTail(child));
            }
            sleep(200);
        }
    }

    private static String logTail(Child child) {
        String text = child.logSinceLaunch();
        List<String> lines = Arrays.asList(text.split("\\R"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return "Last lines of " + child.log() + ":" + System.lineSeparator()
                + String.join(System.lineSeparator(), tail);
    }

    /** The start time of a live process, in epoch milliseconds. */
    static Optional<Long> startedMillis(long pid) {
        return ProcessHandle.of(pid)
                .filter(ChildProcesses::isRunning)
                .flatMap(handle -> handle.info().startInstant())
                .map(Instant::toEpochMilli);
    }

    /** Whether the recorded process is still the one we started: alive, not a zombie, same start time. */
    static boolean isAlive(long pid, long startedMillis) {
        return startedMillis(pid).map(started -> Math.abs(started - startedMillis) < 1000).orElse(false);
    }

    /**
     * Stops the recorded processes together: their stop signal, a wait of up to {@code timeout}, then SIGKILL
     * for them and their descendants. Returns the names of those that had to be killed.
     */
    static List<String> stop(List<Recorded> processes, Duration timeout) {
        List<Recorded> alive = new ArrayList<>();
        for (Recorded recorded : processes) {
            if (isAlive(recorded.pid(), recorded.startedMillis())) {
                signal(recorded.pid(), recorded.stopSignal());
                alive.add(recorded);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.removeIf(recorded -> !isAlive(recorded.pid(), recorded.startedMillis()));
            sleep(100);
        }
        List<String> killed = new ArrayList<>();
        for (Recorded recorded : alive) {
            if (isAlive(recorded.pid(), recorded.startedMillis())) {
                ProcessHandle.of(recorded.pid()).ifPresent(handle -> {
                    // PostgreSQL's backends are the postmaster's children: do not leave them behind
                    handle.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                });
                killed.add(recorded.name());
            }
        }
        return killed;
    }

    /** Runs a short command to completion; fails with its output when it exits non-zero or runs too long. */
    static String run(List<String> command, Map<String, String> environment, String stdin, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("relocate-stack-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new StackException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s. Output:" + System.lineSeparator() + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new StackException("`" + String.join(" ", command) + "` failed with exit code "
                        + process.exitValue() + ":" + System.lineSeparator() + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new StackException("`" + String.join(" ", command) + "` could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static void signal(long pid, String signal) {
        if ("TERM".equals(signal)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** False for a zombie: a dead child whose parent (often PID 1 in a container) has not reaped it. */
    private static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
        try {
            String text = Files.readString(stat);
            int end = text.lastIndexOf(')');
            return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            // with procfs, an unreadable stat means the process has just gone; without procfs, trust isAlive
            return !Files.isDirectory(Path.of("/proc/self"));
        }
    }

    private static String readFrom(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 8 * 1024 * 1024)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the local stack", e);
        }
    }
}
