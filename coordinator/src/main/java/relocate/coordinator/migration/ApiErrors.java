package relocate.coordinator.migration;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import relocate.schemas.registry.SchemaRegistryException;

/** Errors of the API as {"message": "..."}: what is wrong and what to do, for the CLI to print as is. */
public final class ApiErrors {
    private ApiErrors() {
    }

    @Serdeable
    public record ApiError(String message) {
    }

    @Produces
    @Singleton
    @Requires(classes = {MigrationNotFound.class, ExceptionHandler.class})
    public static class NotFound implements ExceptionHandler<MigrationNotFound, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, MigrationNotFound e) {
            return HttpResponse.<ApiError>status(HttpStatus.NOT_FOUND).body(new ApiError(e.getMessage()));
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {MigrationRejected.class, ExceptionHandler.class})
    public static class Rejected implements ExceptionHandler<MigrationRejected, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, MigrationRejected e) {
            return HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(new ApiError(e.getMessage()));
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {IllegalArgumentException.class, ExceptionHandler.class})
    public static class BadRequest implements ExceptionHandler<IllegalArgumentException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, IllegalArgumentException e) {
            return HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(new ApiError(e.getMessage()));
        }
    }

    /** The registry (or Kafka through it) is down: the request can be repeated once it is back. */
    @Produces
    @Singleton
    @Requires(classes = {SchemaRegistryException.class, ExceptionHandler.class})
    public static class RegistryDown implements ExceptionHandler<SchemaRegistryException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, SchemaRegistryException e) {
            return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError(e.getMessage()));
        }
    }
}
