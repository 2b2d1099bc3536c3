package relocate.stack;

import java.util.List;

/** The stack component that runs an {@link AppServer}. */
final class ApplicationServer implements StackComponent {

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
        return ChildProcesses.answersOk(endpoint() + app.readyPath(), app.name());
    }
}
