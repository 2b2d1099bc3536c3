package relocate.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The stack component that runs an {@link AppServer}. */
final class ApplicationServer implements StackComponent {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final AppServer app;
    private final int port;

    ApplicationServer(AppServer app, int port) {
        this.app = app;
        this.port = port;
    }

    @Override
    public String name() {
        return app.name();
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse("port", port, app.portEnvVar()));
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void requireInstalled() {
        // the command names what it runs; a missing program shows in the launch error and its log
    }

    @Override
    public void prepare() {
        // its database is created by LocalStack, which knows the stack's PostgreSQL
    }

    @Override
    public Launch launch() {
        return new Launch(app.command(), app.environment());
    }

    @Override
    public boolean isReady(ChildProcesses.Child child) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + app.readyPath()))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for " + app.name(), e);
        }
    }
}
