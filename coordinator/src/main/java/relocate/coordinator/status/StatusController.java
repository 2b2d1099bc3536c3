package relocate.coordinator.status;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import relocate.coordinator.migration.ApiErrors.ApiError;
import relocate.schemas.json.AvroJson;

/** A domain's status as the Streams topology folded it from the events (the same as on relocate.status). */
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/domains")
public class StatusController {
    private final StatusStreams status;

    public StatusController(StatusStreams status) {
        this.status = status;
    }

    @Get("/{domain}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<?> status(@PathVariable String domain) {
        try {
            return status.statusOf(domain)
                    .<HttpResponse<?>>map(s -> HttpResponse.ok(AvroJson.toJson(s)))
                    .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND)
                            .body(new ApiError("no migration of domain '" + domain + "' has been seen")));
        } catch (IllegalStateException e) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError(e.getMessage()));
        }
    }
}
