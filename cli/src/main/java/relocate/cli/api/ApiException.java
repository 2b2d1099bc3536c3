package relocate.cli.api;

/** An error the coordinator (or the way to it) reported; its message is for the operator as it is. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
