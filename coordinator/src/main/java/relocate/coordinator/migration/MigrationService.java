package relocate.coordinator.migration;

import io.micronaut.context.annotation.Value;
import relocate.catalog.selection.DumperGroups;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.MigrationState;
import relocate.schemas.Step;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.coordinator.environment.Environment;
import relocate.coordinator.environment.EnvironmentParts;
import relocate.coordinator.environment.EnvironmentRepository;
import relocate.coordinator.outbox.Outbox;
import relocate.coordinator.store.StoredJson;
import relocate.coordinator.workflow.Effect;
import relocate.coordinator.workflow.Input;
import relocate.coordinator.workflow.Progress;
import relocate.coordinator.workflow.Transition;
import relocate.coordinator.workflow.Workflow;
import relocate.messaging.event.Events;
import relocate.schemas.Event;
import relocate.schemas.MigrationCreated;
import relocate.schemas.PreflightReport;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.json.AvroJson;

/**
 * The edge around {@link Workflow}: loads a migration, applies an input, and in the same transaction
 * saves the new progress and puts the effects in the outbox.
 */
@Singleton
public class MigrationService {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    private final MigrationRepository migrations;
    private final EnvironmentRepository environments;
    private final ProcessedEventRepository processedEvents;
    private final Outbox outbox;
    private final CommandFactory commands;
    private final SecretBox secrets;
    private final DumperGroups dumperGroups;

    public MigrationService(MigrationRepository migrations, EnvironmentRepository environments,
                            ProcessedEventRepository processedEvents, Outbox outbox, CommandFactory commands,
                            SecretBox secrets, @Value("${relocate.dumper-groups:}") String dumperGroups) {
        this.secrets = secrets;
        this.dumperGroups = DumperGroups.parse(dumperGroups);
        this.migrations = migrations;
        this.environments = environments;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.commands = commands;
    }

    @Transactional
    public Migration create(String domain, String from, String to, Map<String, String> rawOptions) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("domain is required: the tenant value to migrate");
        }
        if (from == null || to == null || from.isBlank() || to.isBlank()) {
            throw new IllegalArgumentException("both a source (from) and a target (to) environment are required");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("source and target are the same environment '" + from + "'");
        }
        MigrationOptions options = MigrationOptions.parse(rawOptions, dumperGroups);
        List<Migration> active = migrations.findByDomainOrderByCreatedAtDesc(domain).stream()
                .filter(m -> m.state() != MigrationState.ABORTED && m.state() != MigrationState.COMPLETED).toList();
        if (!active.isEmpty()) {
            throw new MigrationRejected("domain '" + domain + "' already has migration " + active.get(0).id() + " ("
                    + active.get(0).state() + "): finish or abort it first (relocate abort " + active.get(0).id() + ")");
        }
        Instant now = Instant.now();
        Optional<Environment> source = environments.findById(from);
        Optional<Environment> target = environments.findById(to);
        boolean blobs = source.flatMap(EnvironmentParts::blobStore).isPresent()
                && target.flatMap(EnvironmentParts::blobStore).isPresent();
        boolean dns = source.flatMap(EnvironmentParts::dns).isPresent() && target.flatMap(EnvironmentParts::dns).isPresent();
        Progress p = Progress.created(options.settings().withParts(blobs, dns && !options.rehearsal()),
                options.run() ? null : Step.PREFLIGHT);
        String sealedWebhook = options.freezeWebhook() == null ? null : secrets.seal(options.freezeWebhook());
        Migration m;
        try {
            m = migrations.save(new Migration(UUID.randomUUID().toString(), domain, from, to, p.state(), p.step(),
                    p.stepState(), p.attempt(), null, StoredJson.write(options.toMap(sealedWebhook), "the migration's options"), null,
                    StoredJson.write(p.work(), "the migration's work"), now, now, null));
        } catch (DataAccessException e) {
            // the unique index on active migrations: another request created one for this domain just now
            throw new MigrationRejected("domain '" + domain + "' already has a migration in flight: "
                    + "see `relocate list --domain " + domain + "`");
        }
        outbox.add(Events.of(m.id(), domain, p.step(), 0,
                new MigrationCreated(from, to, options.toMap(sealedWebhook == null ? null : "(sealed)"))));
        return apply(m, new Input.Start(environmentProblems(m)), null);
    }

    /** Goes on from READY up to {@code until} (null: every step). */
    @Transactional
    public Migration run(String id, Step until) {
        return apply(find(id), new Input.Run(until), null);
    }

    @Transactional
    public Migration cleanup(String id) {
        return apply(find(id), new Input.Cleanup(), null);
    }

    @Transactional
    public Migration abort(String id, String reason) {
        return apply(find(id), new Input.Abort(reason == null || reason.isBlank() ? "aborted by operator" : reason),
                null);
    }

    /** Lowers the domain's record's TTL ahead of the cut-over. */
    @Transactional
    public Migration dnsPrepare(String id) {
        return apply(find(id), new Input.DnsPrepare(), null);
    }

    /** Points the domain's record back at the source after the cut-over. */
    @Transactional
    public Migration dnsRollback(String id) {
        return apply(find(id), new Input.DnsRollback(), null);
    }

    @Transactional
    public Migration retry(String id) {
        Migration m = find(id);
        return apply(m, new Input.Retry(environmentProblems(m)), null);
    }

    /** Applies a service's event once, however often it is delivered. */
    @Transactional
    public void onEvent(Event event) {
        if (processedEvents.remember(event.getEventId(), event.getMigrationId()) == 0) {
            LOG.debug("{} event {} already applied", event.getMigrationId(), event.getEventId());
            return;
        }
        Optional<Migration> found = migrations.findById(event.getMigrationId());
        if (found.isEmpty()) {
            LOG.warn("event {} for unknown migration {} ignored", event.getEventId(), event.getMigrationId());
            return;
        }
        Object payload = event.getPayload();
        if (!(payload instanceof relocate.schemas.StepStarted || payload instanceof relocate.schemas.StepProgressed
                || payload instanceof StepCompleted || payload instanceof StepFailed)) {
            return; // the coordinator's own events, coming back
        }
        PreflightReport report = payload instanceof StepCompleted c ? c.getPreflight()
                : payload instanceof StepFailed f ? f.getPreflight() : null;
        apply(found.get(), new Input.StepEvent(event.getStep(), event.getAttempt(), event.getTask(), payload), report);
    }

    public Migration find(String id) {
        return migrations.findById(id).orElseThrow(() -> new MigrationNotFound(id));
    }

    private Migration apply(Migration m, Input input, PreflightReport report) {
        Progress before = m.progress();
        Transition t = Workflow.next(before, input);
        if (t.rejected()) {
            throw new MigrationRejected("migration " + m.id() + ": " + t.note());
        }
        if (!t.changed(before) && t.effects().isEmpty()) {
            return m;
        }
        boolean reportApplies = report != null && t.changed(before);
        Migration saved = migrations.update(m.with(t.next(), reportApplies ? AvroJson.toJson(report) : m.preflight()));
        if (t.next().state() != before.state() || t.next().step() != before.step()) {
            LOG.info("{} {} {} {} -> {} {} ({})", m.id(), m.domain(), before.step(), before.state(), t.next().step(),
                    t.next().state(), t.note());
        }
        // the decision is announced before the commands it sends, as the workflow lists them
        for (Effect effect : t.effects()) {
            if (effect instanceof Effect.Emit e) {
                outbox.add(Events.of(m.id(), m.domain(), t.next().step(), t.next().attempt(), e.payload()));
            }
        }
        List<Effect.Dispatch> dispatches = t.effects().stream().filter(e -> e instanceof Effect.Dispatch)
                .map(e -> (Effect.Dispatch) e).toList();
        if (!dispatches.isEmpty()) {
            // a wave of a step split in chunks is many commands: read what they share once
            CommandFactory.Endpoints endpoints = commands.endpoints(m,
                    environments.findById(m.sourceEnv()).orElseThrow(), environments.findById(m.targetEnv()).orElseThrow());
            MigrationOptions options = MigrationOptions.stored(m.storedOptions());
            for (Effect.Dispatch d : dispatches) {
                outbox.add(commands.topicOf(d), commands.command(m, options, t.next().work(), d, endpoints));
            }
        }
        return saved;
    }

    private List<String> environmentProblems(Migration m) {
        List<String> problems = new ArrayList<>();
        for (String name : List.of(m.sourceEnv(), m.targetEnv())) {
            if (environments.findById(name).isEmpty()) {
                String known = String.join(", ", environments.findAllOrderByName().stream().map(Environment::name).toList());
                problems.add("unknown environment '" + name + "' (registered: " + (known.isEmpty() ? "none" : known)
                        + "): add it with `relocate env add " + name + " --jdbc-url ... --user ...`, then retry");
            }
        }
        return problems;
    }

}
