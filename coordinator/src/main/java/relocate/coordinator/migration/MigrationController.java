package relocate.coordinator.migration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;
import java.util.Map;
import relocate.schemas.Step;

@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/migrations")
public class MigrationController {
    private final MigrationService service;
    private final MigrationRepository migrations;

    public MigrationController(MigrationService service, MigrationRepository migrations) {
        this.service = service;
        this.migrations = migrations;
    }

    @Post
    public HttpResponse<MigrationView> create(@Body MigrationRequests.Create request) {
        Migration m = service.create(request.domain(), request.from(), request.to(),
                request.options() == null ? Map.of() : request.options());
        return HttpResponse.created(MigrationView.of(m));
    }

    @Get("/{id}")
    public MigrationView get(@PathVariable String id) {
        return MigrationView.of(service.find(id));
    }

    @Get
    public List<MigrationView> list(@QueryValue @Nullable String domain) {
        List<Migration> found = domain == null ? migrations.findAllOrderByCreatedAtDesc()
                : migrations.findByDomainOrderByCreatedAtDesc(domain);
        return found.stream().map(MigrationView::of).toList();
    }

    @Post("/{id}/abort")
    public MigrationView abort(@PathVariable String id, @Body @Nullable MigrationRequests.Abort request) {
        return MigrationView.of(service.abort(id, request == null ? null : request.reason()));
    }

    /** Goes on from READY up to step {@code until} (PREFLIGHT ... COMMIT); without it, every step. */
    @Post("/{id}/run")
    public MigrationView run(@PathVariable String id, @Body @Nullable MigrationRequests.Run request) {
        Step until = null;
        if (request != null && request.until() != null && !request.until().isBlank()) {
            try {
                until = Step.valueOf(request.until().trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no step '" + request.until() + "'; steps: PREFLIGHT, FREEZE, STATS, "
                        + "DUMP, LOAD, VERIFY, COMMIT");
            }
        }
        return MigrationView.of(service.run(id, until));
    }

    /** After COMMIT: deletes the domain's rows on the source and lifts its freeze. */
    @Post("/{id}/cleanup")
    public MigrationView cleanup(@PathVariable String id) {
        return MigrationView.of(service.cleanup(id));
    }

    /** Lowers the domain's record's TTL ahead of the cut-over; the status says when the old TTL has run out. */
    @Post("/{id}/dns/prepare")
    public MigrationView dnsPrepare(@PathVariable String id) {
        return MigrationView.of(service.dnsPrepare(id));
    }

    /** After the cut-over: points the domain's record back at the source, the same careful way. */
    @Post("/{id}/dns/rollback")
    public MigrationView dnsRollback(@PathVariable String id) {
        return MigrationView.of(service.dnsRollback(id));
    }

    @Post("/{id}/retry")
    public MigrationView retry(@PathVariable String id) {
        return MigrationView.of(service.retry(id));
    }
}
