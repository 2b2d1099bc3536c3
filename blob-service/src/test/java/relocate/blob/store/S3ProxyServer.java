package relocate.blob.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import relocate.stack.RelocateHome;
import relocate.stack.StackException;
import relocate.stack.StackPorts;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy (an S3-API server) as a child process on 127.0.0.1, its objects in a temporary directory
 * (jclouds' filesystem provider): a real S3 endpoint for tests, started from
 * {@code stack-s3proxy/target/lib} of the Relocate home. Not run in the test JVM: its classpath clashes
 * with ours and its Jetty threads would keep the JVM alive.
 *
 * <p>{@link #shared(String)} gives one server per name for the whole JVM (the usual way in ITs: each test
 * uses buckets of its own); {@link #start()} one of the caller's own, stopped by {@link #close()}.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "relocate-test-identity";
    public static final String CREDENTIAL = "relocate-test-credential-5ecret";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Map<String, S3ProxyServer> SHARED = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path dir;
    private final Path log;
    private final int port;
    private final Process process;
    private S3Client client;

    private S3ProxyServer(Path dir, Path log, int port, Process process) {
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.process = process;
    }

    /** A server of the JVM's own under {@code name}, started on first use and stopped when the JVM exits. */
    public static S3ProxyServer shared(String name) {
        return SHARED.computeIfAbsent(name, n -> {
            S3ProxyServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-" + n + "-stop"));
            return server;
        });
    }

    /** Starts a server on a free port, waits until it answers, and returns it. */
    public static S3ProxyServer start() {
        Path jar = jar();
        StackException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            // the port was free a moment ago; another process may take it first, so try again on a new one
            int port = StackPorts.free().postgres();
            try {
                return launch(jar, port);
            } catch (StackException e) {
                last = e;
            }
        }
        throw last;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the server keeps buckets and objects: {@code <basedir>/<bucket>/<key>}. */
    public Path basedir() {
        return dir.resolve("data");
    }

    /** Settings of an S3 store on this server (path-style, the server's own credentials). */
    public BlobStoreSettings settings(String name, String bucket, String prefix) {
        return BlobStoreSettings.s3(name, endpoint(), "us-east-1", bucket, prefix, true, IDENTITY, CREDENTIAL);
    }

    /** Creates a bucket; a test's buckets keep its objects apart from other tests' on a shared server. */
    public void createBucket(String bucket) {
        client().createBucket(r -> r.bucket(bucket));
    }

    /** A plain S3 client of this server, for what tests do behind a store's back (seeding, damaging objects). */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(endpoint())
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 20 s) and deletes its objects. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteTree(dir);
    }

    private static S3ProxyServer launch(Path jar, int port) {
        try {
            Path dir = Files.createTempDirectory("relocate-s3proxy-");
            Path data = Files.createDirectories(dir.resolve("data"));
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""), StandardCharsets.UTF_8);
            Path log = dir.resolve("s3proxy.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Xmx256m", "-jar", jar.toString(),
                    "--properties", properties.toString()))
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(log.toFile())
                    .redirectErrorStream(true);
            // S3Proxy's logback.xml reads these; one line per request at INFO would flood the log
            builder.environment().put("LOG_LEVEL", "warn");
            builder.environment().put("JETTY_LOG_LEVEL", "warn");
            S3ProxyServer server = new S3ProxyServer(dir, log, port, builder.start());
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String tail = tail();
                deleteTree(dir);
                throw new StackException("S3Proxy exited with code " + process.exitValue() + " before it was ready on port "
                        + port + ". Its log:\n" + tail);
            }
            if (answers()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String tail = tail();
                close();
                throw new StackException("S3Proxy was not ready on port " + port + " after " + READY_TIMEOUT.toSeconds()
                        + " s. Its log:\n" + tail);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new StackException("interrupted while waiting for S3Proxy", e);
            }
        }
    }

    /** Any HTTP answer (an anonymous request gets 403) means that it serves requests. */
    private boolean answers() {
        HttpRequest request = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path jar() {
        Path lib = RelocateHome.find().resolve("stack-s3proxy/target/lib");
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().matches("s3proxy-.*\\.jar")).findFirst()
                    .orElseThrow(() -> missing(lib));
        } catch (IOException e) {
            throw missing(lib);
        }
    }

    private static StackException missing(Path lib) {
        return new StackException("S3Proxy's jar is missing from " + lib + ". Build it with `./mvnw -q install -pl "
                + "stack-s3proxy` in the Relocate home.");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteTree(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
