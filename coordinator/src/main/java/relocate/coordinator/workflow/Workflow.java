package relocate.coordinator.workflow;

import static relocate.schemas.MigrationState.ABORTED;
import static relocate.schemas.MigrationState.ABORTING;
import static relocate.schemas.MigrationState.COMPLETED;
import static relocate.schemas.MigrationState.FAILED;
import static relocate.schemas.MigrationState.READY;
import static relocate.schemas.MigrationState.RUNNING;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import relocate.coordinator.workflow.Effect.Dispatch;
import relocate.coordinator.workflow.Effect.Emit;
import relocate.coordinator.workflow.Input.Abort;
import relocate.coordinator.workflow.Input.Cleanup;
import relocate.coordinator.workflow.Input.DnsPrepare;
import relocate.coordinator.workflow.Input.DnsRollback;
import relocate.coordinator.workflow.Input.Retry;
import relocate.coordinator.workflow.Input.Run;
import relocate.coordinator.workflow.Input.Start;
import relocate.coordinator.workflow.Input.StepEvent;
import relocate.schemas.ChunkRef;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.ModelMismatchInfo;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepProgressed;
import relocate.schemas.StepStarted;
import relocate.schemas.StepState;
import relocate.schemas.failure.FailureCodes;

/**
 * The migration's state machine: a pure function of (progress, input) returning the next progress and
 * the effects. No I/O, so replaying a migration's recorded inputs reproduces every decision.
 *
 * <p>A migration runs {@link #STEPS} (a rehearsal {@link #REHEARSAL}) up to the step the operator asked
 * for, then waits READY. A step is one command, or for DUMP and LOAD one command per chunk, sent in
 * waves ({@link Work#waves}); LOAD loads a chunk once its model's parents are in ({@link Work#currentWave}),
 * beside unrelated models, and VERIFY checks the models alongside LOAD's last task ({@link #verifyAlongside}).
 * An abort waits for the commands in flight to answer (so none lands after the undo), then undoes what was
 * done: UNLOAD deletes the domain's rows on the target, UNFREEZE lifts the freeze.
 */
public final class Workflow {
    /**
     * Every step, in order. BLOB_COPY starts with DUMP and runs alongside DUMP and LOAD; its place here is
     * where the migration waits for it to finish. BLOB_COPY and DNS_CUTOVER are left out of a migration
     * whose environments have no blob store or no DNS record ({@link #steps}).
     */
    public static final List<Step> STEPS = List.of(Step.PREFLIGHT, Step.FREEZE, Step.STATS, Step.DUMP, Step.LOAD,
            Step.BLOB_COPY, Step.VERIFY, Step.DNS_CUTOVER, Step.COMMIT);
    /** A practice run: no freeze, no cut-over, and the target is cleared at the end. */
    public static final List<Step> REHEARSAL = List.of(Step.PREFLIGHT, Step.STATS, Step.DUMP, Step.LOAD,
            Step.BLOB_COPY, Step.VERIFY, Step.UNLOAD);

    /** Failure codes of a LOAD task that the coordinator answers by dumping the chunk again. */
    public static final Set<String> REDUMP_CODES = Set.of(FailureCodes.CHUNK_CORRUPTED, FailureCodes.CHUNK_MISSING);

    private Workflow() {
    }

    public static List<Step> steps(Settings settings) {
        return (settings.rehearsal() ? REHEARSAL : STEPS).stream()
                .filter(s -> s != Step.BLOB_COPY || settings.blobs())
                .filter(s -> s != Step.DNS_CUTOVER || settings.dns())
                .toList();
    }

    public static Transition next(Progress p, Input input) {
        if (input instanceof Start start) {
            return start(p, start);
        }
        if (input instanceof Run run) {
            return run(p, run);
        }
        if (input instanceof Retry retry) {
            return retry(p, retry);
        }
        if (input instanceof Abort abort) {
            return abort(p, abort);
        }
        if (input instanceof Cleanup) {
            return cleanup(p);
        }
        if (input instanceof DnsPrepare) {
            return dnsPrepare(p);
        }
        if (input instanceof DnsRollback) {
            return dnsRollback(p);
        }
        return stepEvent(p, (StepEvent) input);
    }

    private static Transition start(Progress p, Start start) {
        if (p.state() != MigrationState.UNKNOWN) {
            return Transition.rejected(p, "already started");
        }
        return withStateChanged(enter(p.with(RUNNING, p.stepState(), null), Step.PREFLIGHT, Set.of(), start.problems(),
                "started"), p);
    }

    private static Transition run(Progress p, Run run) {
        List<Step> steps = steps(p.work().settings());
        Step until = run.until() != null && steps.contains(run.until()) ? run.until() : steps.get(steps.size() - 1);
        if (p.state() == RUNNING) {
            if (p.work().until() == null || steps.indexOf(until) <= steps.indexOf(p.work().until())) {
                return Transition.ignored(p, "already running up to " + p.work().until());
            }
            return Transition.to(p.with(p.work().withUntil(until)), "will run up to " + until);
        }
        if (p.state() != READY) {
            return Transition.rejected(p, switch (p.state()) {
                case FAILED -> "step " + p.step() + " failed: retry it (relocate retry) or abort";
                case UNKNOWN -> "the migration has not started";
                default -> "the migration is " + p.state() + ": nothing to run";
            });
        }
        int at = steps.indexOf(p.step());
        if (steps.indexOf(until) <= at) {
            return Transition.rejected(p, "step " + until + " is already done (the migration is at " + p.step() + ")");
        }
        Progress going = p.with(p.work().withUntil(until));
        return withStateChanged(enter(going.with(RUNNING, going.stepState(), null), steps.get(at + 1), Set.of(),
                List.of(), "running up to " + until), p);
    }

    private static Transition retry(Progress p, Retry retry) {
        boolean undoFailed = p.state() == ABORTING && p.stepState() == StepState.FAILED;
        if (p.state() != FAILED && !undoFailed) {
            return Transition.rejected(p, switch (p.state()) {
                case RUNNING, READY, ABORTING -> "nothing to retry: the migration is " + p.state();
                case ABORTED, COMPLETED -> "the migration has ended (" + p.state() + ")";
                default -> "the migration has not started";
            });
        }
        if (p.step() == Step.VERIFY && !p.work().repair().isEmpty()) {
            return withStateChanged(enter(p.with(RUNNING, p.stepState(), null), Step.LOAD, Set.of(), retry.problems(),
                    "re-loading the " + p.work().repair().size() + " chunks VERIFY found differing"), p);
        }
        if (p.step() == Step.VERIFY && !p.work().blobRepair().isEmpty()) {
            return withStateChanged(enter(p.with(RUNNING, p.stepState(), null), Step.BLOB_COPY, Set.of(),
                    retry.problems(), "re-copying the " + p.work().blobRepair().size()
                            + " objects VERIFY found missing or different"), p);
        }
        Progress retried = p.step() == Step.LOAD && !undoFailed && p.work().side().containsKey(Step.VERIFY)
                // whoever mended the failure may have changed the target: the checks start over
                ? p.with(p.work().withoutSide(Step.VERIFY)) : p;
        return withStateChanged(enter(retried.with(undoFailed ? ABORTING : RUNNING, p.stepState(), undoFailed
                ? p.reason() : null), p.step(), p.work().done(), retry.problems(), "retry of " + p.step()), p);
    }

    private static Transition abort(Progress p, Abort abort) {
        if (p.work().cutOver()) {
            return Transition.rejected(p, "the domain's record points at the target since the cut-over: switch it "
                    + "back first (relocate dns rollback), then abort");
        }
        if (p.step() == Step.DNS_CUTOVER && p.stepState() != StepState.FAILED && p.state() != ABORTING) {
            return Transition.rejected(p, "the cut-over is running: wait for it, then switch back (relocate dns "
                    + "rollback) and abort");
        }
        return switch (p.state()) {
            case RUNNING, READY, FAILED -> {
                Progress aborting = p.with(ABORTING, p.stepState(), abort.reason()).with(p.work().withUndo(undo(p)));
                if (p.work().allInFlight() > 0) {
                    yield Transition.to(aborting, "aborting: waiting for " + p.work().allInFlight()
                            + " command(s) in flight", stateChanged(aborting));
                }
                yield withStateChanged(startUndo(aborting, "aborting"), p);
            }
            case ABORTING -> {
                if (waitingToUndo(p)) {
                    yield startUndo(p, "abort repeated: stopped waiting for the commands in flight");
                }
                if (p.stepState() == StepState.FAILED) {
                    yield enter(p, p.step(), p.work().done(), List.of(), "abort repeated: " + p.step() + " again");
                }
                yield Transition.rejected(p, "the migration is already aborting (" + p.step() + " " + p.stepState() + ")");
            }
            case ABORTED, COMPLETED -> Transition.rejected(p, "the migration has already ended (" + p.state() + ")");
            case UNKNOWN -> Transition.rejected(p, "the migration has not started");
        };
    }

    /** What an abort at {@code p} must undo: the rows and blobs copied to the target, then the freeze. */
    private static List<Step> undo(Progress p) {
        List<Step> steps = steps(p.work().settings());
        int at = steps.indexOf(p.step());
        List<Step> undo = new ArrayList<>();
        if (p.work().attempts().containsKey(Step.LOAD) || p.work().attempts().containsKey(Step.BLOB_COPY)) {
            undo.add(Step.UNLOAD);
        }
        if (steps.contains(Step.FREEZE) && at >= steps.indexOf(Step.FREEZE)) {
            undo.add(Step.UNFREEZE);
        }
        return undo;
    }

    /** Aborting, but still at the step that was running: its commands in flight have not all answered. */
    private static boolean waitingToUndo(Progress p) {
        return p.state() == ABORTING && (p.work().undo().isEmpty() || p.work().undo().get(0) != p.step());
    }

    private static Transition startUndo(Progress p, String note) {
        if (p.work().undo().isEmpty()) {
            Progress aborted = p.with(ABORTED, p.stepState(), p.reason());
            return Transition.to(aborted, note + ": nothing to undo", stateChanged(aborted));
        }
        return enter(p, p.work().undo().get(0), Set.of(), List.of(), note + ": undoing " + p.work().undo());
    }

    private static Transition dnsPrepare(Progress p) {
        if (!p.work().settings().dns()) {
            return Transition.rejected(p, "the environments name no DNS record for the domain: nothing to prepare");
        }
        if (p.state() != RUNNING && p.state() != READY && p.state() != FAILED || p.work().cutOver()) {
            return Transition.rejected(p, p.work().cutOver() ? "the record was already switched"
                    : "the migration is " + p.state() + ": no cut-over ahead to prepare for");
        }
        return alongside(p, Step.DNS_PREPARE, "lowering the record's TTL ahead of the cut-over");
    }

    private static Transition dnsRollback(Progress p) {
        if (!p.work().cutOver()) {
            return Transition.rejected(p, "the record was not switched to the target: nothing to roll back");
        }
        return alongside(p, Step.DNS_ROLLBACK, "switching the record back to the source");
    }

    /** Starts {@code step}, done in one task, alongside the current step, unless it is already in flight. */
    private static Transition alongside(Progress p, Step step, String note) {
        Track running = p.work().side().get(step);
        if (running != null && !running.inFlight().isEmpty()) {
            return Transition.rejected(p, step + " is already running");
        }
        int attempt = p.work().nextAttempt(step);
        List<String> tasks = p.work().waves(step).get(0);
        Progress q = p.with(p.work().withSideStarted(step, attempt, tasks));
        return new Transition(q, tasks.stream().<Effect>map(t -> new Dispatch(step, attempt, t)).toList(), false, note);
    }

    private static Transition cleanup(Progress p) {
        if (p.state() != COMPLETED || p.work().settings().rehearsal()) {
            return Transition.rejected(p, p.work().settings().rehearsal()
                    ? "a rehearsal leaves nothing to clean up on the source"
                    : "cleanup comes after COMMIT; the migration is " + p.state());
        }
        if (p.step() == Step.CLEANUP && p.stepState() != StepState.FAILED) {
            return Transition.rejected(p, "cleanup is " + (p.stepState() == StepState.COMPLETED ? "done" : "running"));
        }
        return enter(p, Step.CLEANUP, Set.of(), List.of(), "cleanup of the source");
    }

    /**
     * Enters a new attempt of {@code step} in the progress's state, keeping the tasks in {@code done},
     * and sends what its first open wave needs. Problems found before dispatch fail the step at once.
     */
    private static Transition enter(Progress p, Step step, Set<String> done, List<String> problems, String note) {
        if (p.work().side().containsKey(step) && problems.isEmpty()) {
            return reach(p, step, note);
        }
        int attempt = p.work().nextAttempt(step);
        Work started = p.work().startAttempt(step, attempt, done);
        Progress entered = new Progress(p.state(), step, StepState.PENDING, attempt,
                p.state() == ABORTING ? p.reason() : null,
                // what an earlier VERIFY found differing was re-loaded: this one names what still differs
                step == Step.VERIFY ? started.withRepair(List.of()) : started);
        if (!problems.isEmpty()) {
            String reason = String.join("; ", problems);
            Progress failed = entered.with(FAILED, StepState.FAILED, reason);
            return Transition.to(failed, note + " failed before dispatch",
                    new Emit(StepFailed.newBuilder().setReason(reason).setRetryable(false).build()),
                    stateChanged(failed));
        }
        if (step == Step.COMMIT) {
            Progress completed = entered.with(COMPLETED, StepState.COMPLETED, null);
            return Transition.to(completed, "committed: the domain lives on the target; the source stays frozen "
                    + "until cleanup", stateChanged(completed));
        }
        Transition t = continueStep(entered, note);
        return step == Step.DUMP ? startBlobCopy(t) : t;
    }

    /** With DUMP, BLOB_COPY starts alongside (once per migration): blobs copy while rows dump and load. */
    private static Transition startBlobCopy(Transition t) {
        Progress p = t.next();
        if (!steps(p.work().settings()).contains(Step.BLOB_COPY) || p.work().attempts().containsKey(Step.BLOB_COPY)
                || p.state() != RUNNING) {
            return t;
        }
        int attempt = p.work().nextAttempt(Step.BLOB_COPY);
        List<String> pages = p.work().waves(Step.BLOB_COPY).stream().flatMap(List::stream).toList();
        List<Effect> effects = new ArrayList<>(t.effects());
        pages.forEach(page -> effects.add(new Dispatch(Step.BLOB_COPY, attempt, page)));
        return new Transition(p.with(p.work().withSideStarted(Step.BLOB_COPY, attempt, pages)), effects, false,
                t.note() + "; BLOB_COPY of " + pages.size() + " page(s) alongside");
    }

    /**
     * The migration reaches a step that has been running alongside (BLOB_COPY): it becomes the current step
     * with the answers it had, and completes, waits for the pages in flight, or fails with the first failure.
     */
    private static Transition reach(Progress p, Step step, String note) {
        if (step == Step.VERIFY) {
            // a model that differed alongside is checked again with the rest, whose answer names the chunks to re-load
            p = p.with(p.work().withSide(step, p.work().side().get(step).withoutFailed()));
        }
        Track track = p.work().side().get(step);
        StepState state = track.done().isEmpty() && track.failed().isEmpty() ? StepState.PENDING : StepState.RUNNING;
        Progress reached = new Progress(p.state(), step, state, track.attempt(), p.reason(), p.work().adoptSide(step));
        if (!track.failed().isEmpty()) {
            Progress failed = reached.with(FAILED, StepState.FAILED, track.reason());
            return Transition.to(failed, note + "; " + step + " failed alongside", new Emit(StepFailed.newBuilder()
                    .setReason(track.reason()).setRetryable(true).build()), stateChanged(failed));
        }
        return continueStep(reached, note + "; " + step + " has been running alongside");
    }

    /** Sends the open wave's unsent tasks, or, when the step has no open wave, goes to what follows it. */
    private static Transition continueStep(Progress p, String note) {
        Optional<List<String>> wave = p.work().currentWave(p.step());
        if (wave.isEmpty()) {
            return stepDone(p, note);
        }
        List<String> send = wave.get().stream().filter(t -> !p.work().dispatched().contains(t)
                && !p.work().done().contains(t)).toList();
        List<Effect> effects = send.stream().<Effect>map(t -> new Dispatch(p.step(), p.attempt(), t)).toList();
        return new Transition(p.with(p.work().withDispatched(send)), effects, false, note);
    }

    /**
     * VERIFY runs alongside LOAD's last task, one command per model: every chunk is in, and while one worker
     * moves the sequences, restores the deferred indexes and keys and analyses, the others check the models.
     * Sent once that task has started, so that no check gets ahead of it in a worker's queue (a worker takes
     * its partitions' commands in no set order); sent earlier, beside chunks still to load, the checks only
     * took workers from them (measured: slower on two cores). Not while re-loading what VERIFY found differing
     * (VERIFY then checks every model again), nor when the migration stops before VERIFY.
     */
    private static Transition verifyAlongside(Transition t) {
        Progress p = t.next();
        List<Step> steps = steps(p.work().settings());
        Step until = p.work().until();
        if (p.state() != RUNNING || !p.work().repair().isEmpty() || !steps.contains(Step.VERIFY)
                || until != null && steps.indexOf(until) < steps.indexOf(Step.VERIFY)) {
            return t;
        }
        List<String> models = p.work().notVerifiedAlongside();
        if (models.isEmpty()) {
            return t;
        }
        Track track = p.work().side().get(Step.VERIFY);
        int attempt = track == null ? p.work().nextAttempt(Step.VERIFY) : track.attempt();
        Work w = track == null ? p.work().withSideStarted(Step.VERIFY, attempt, models)
                : p.work().withSide(Step.VERIFY, track.withDispatched(models));
        List<Effect> effects = new ArrayList<>(t.effects());
        models.forEach(m -> effects.add(new Dispatch(Step.VERIFY, attempt, m)));
        return new Transition(p.with(w), effects, false, t.note() + "; VERIFY of " + models + " alongside");
    }

    private static Transition stepDone(Progress p, String note) {
        Progress done = p.with(p.state(), StepState.COMPLETED, p.reason());
        String why = note + "; " + p.step() + " completed";
        if (p.state() == ABORTING) {
            List<Step> rest = done.work().undo().subList(1, done.work().undo().size());
            Progress next = done.with(done.work().withUndo(rest));
            if (rest.isEmpty()) {
                Progress aborted = next.with(ABORTED, StepState.COMPLETED, p.reason());
                return Transition.to(aborted, why + ", nothing left to undo", stateChanged(aborted));
            }
            return enter(next, rest.get(0), Set.of(), List.of(), why);
        }
        if (p.state() == COMPLETED) {
            return Transition.to(done, why + ": the source is cleaned up",
                    new Emit(new MigrationStateChanged(COMPLETED, "cleaned up: the domain's rows were deleted "
                            + "from the source and its freeze lifted")));
        }
        List<Step> steps = steps(p.work().settings());
        int at = steps.indexOf(p.step());
        if (at == steps.size() - 1) {
            Progress completed = done.with(COMPLETED, StepState.COMPLETED,
                    "rehearsal: dump, load and verify passed; the target was cleared");
            return Transition.to(completed, why + ": rehearsal done", stateChanged(completed));
        }
        if (p.step() == p.work().until()) {
            Progress ready = done.with(READY, StepState.COMPLETED, null);
            return Transition.to(ready, why + ": waiting for the operator", stateChanged(ready));
        }
        return enter(done, steps.get(at + 1), Set.of(), List.of(), why);
    }

    private static Transition stepEvent(Progress p, StepEvent e) {
        String task = e.task() == null ? Work.WHOLE : e.task();
        Track track = p.work().side().get(e.step());
        if (track != null && e.step() != p.step()) {
            return sideEvent(p, e, task, track);
        }
        boolean accepting = p.state() == RUNNING || p.state() == FAILED || p.state() == ABORTING
                || p.state() == COMPLETED && p.step() == Step.CLEANUP;
        if (!accepting || e.step() != p.step() || e.attempt() != p.attempt() || !p.work().dispatched().contains(task)) {
            return Transition.ignored(p, "stale event for " + e.step() + " attempt " + e.attempt() + " task '" + task
                    + "' (migration " + p.state() + " at " + p.step() + " attempt " + p.attempt() + ")");
        }
        Object payload = e.payload();
        if (payload instanceof StepStarted) {
            Transition started = p.stepState() == StepState.PENDING && p.state() != FAILED
                    ? Transition.to(p.with(p.state(), StepState.RUNNING, p.reason()), "step started")
                    : Transition.ignored(p, "step already started");
            return p.step() == Step.LOAD && task.equals(Work.SEQUENCES) ? verifyAlongside(started) : started;
        }
        if (payload instanceof StepProgressed) {
            return Transition.ignored(p, "progress");
        }
        if (p.work().done().contains(task) || p.work().failed().contains(task)) {
            return Transition.ignored(p, "task '" + task + "' already answered");
        }
        if (payload instanceof StepCompleted completed) {
            return completed(p, task, completed);
        }
        if (payload instanceof StepFailed failed) {
            return failed(p, task, failed);
        }
        return Transition.ignored(p, "not a step event: " + payload.getClass().getSimpleName());
    }

    /** An answer from a step running alongside: kept in its track; an abort waiting for it may go on. */
    private static Transition sideEvent(Progress p, StepEvent e, String task, Track track) {
        if (e.attempt() != track.attempt() || !track.dispatched().contains(task)) {
            return Transition.ignored(p, "stale event for " + e.step() + " attempt " + e.attempt() + " task '" + task
                    + "' (running alongside as attempt " + track.attempt() + ")");
        }
        if (!(e.payload() instanceof StepCompleted || e.payload() instanceof StepFailed)
                || track.done().contains(task) || track.failed().contains(task)) {
            return Transition.ignored(p, e.step() + " task '" + task + "': nothing to decide");
        }
        Work w;
        String note;
        if (e.payload() instanceof StepFailed f) {
            w = p.work().withSide(e.step(), track.withFailed(task, e.step() + " " + task + ": " + f.getReason()));
            note = e.step() + " task '" + task + "' failed alongside: " + f.getReason();
            if (e.step() == Step.DNS_ROLLBACK && FailureCodes.DNS_RECORD_CHANGED.equals(f.getCode())) {
                note += " (the record is no longer the target's: check who changed it)";
            }
        } else {
            w = p.work().withSide(e.step(), track.withDone(task));
            note = e.step() + " task '" + task + "' completed alongside";
            if (e.step() == Step.DNS_ROLLBACK) {
                w = w.withCutOver(false);
                note = "the record points at the source again";
            }
        }
        Progress q = p.with(w);
        if (waitingToUndo(q) && q.work().allInFlight() == 0) {
            return startUndo(q, note + ", nothing left in flight");
        }
        return Transition.to(q, note);
    }

    private static Transition completed(Progress p, String task, StepCompleted c) {
        Work w = p.work().withDone(task);
        if (p.step() == Step.STATS && task.equals(Work.BLOBS)) {
            w = w.withBlobPages(c.getBlobs() == null ? 0 : c.getBlobs().getPages());
        } else if (p.step() == Step.STATS) {
            w = w.withPlan(c.getStats().stream().map(s -> s.getModel()).toList(),
                    c.getChunks().stream().map(Workflow::planned).toList());
        } else if (p.step() == Step.DNS_CUTOVER) {
            w = w.withCutOver(true);
        } else if (p.step() == Step.DUMP && !task.equals(Work.MANIFEST)) {
            Chunk chunk = w.chunk(task).orElseThrow();
            w = w.withChunk(chunk.dumped(c.getRows(), c.getBytes(), c.getSha256()));
        } else if (p.step() == Step.VERIFY && task.equals(Work.BLOBS)) {
            w = w.withBlobRepair(List.of());
        }
        Progress q = p.with(w);
        if (task.startsWith(Work.REDUMP)) {
            String chunkTask = task.substring(Work.REDUMP.length());
            Chunk chunk = w.chunk(chunkTask).orElseThrow();
            if (p.state() == RUNNING && !chunk.sha256().equals(c.getSha256())) {
                String reason = "chunk " + chunkTask + " was dumped again after its file was found corrupted, and now "
                        + "its data differs (SHA-256 " + c.getSha256() + ", the manifest has " + chunk.sha256()
                        + "): the source changed since the dump; abort the migration and start it again";
                Progress failed = q.with(q.work().withFailed(chunkTask)).with(FAILED, StepState.FAILED, reason);
                return Transition.to(failed, "re-dump differs", stateChanged(failed));
            }
            if (p.state() == RUNNING) {
                return new Transition(q, List.of(new Dispatch(Step.LOAD, p.attempt(), chunkTask)), false,
                        "chunk " + chunkTask + " dumped again; loading it");
            }
        }
        return afterAnswer(q, "task '" + task + "' completed");
    }

    private static Transition failed(Progress p, String task, StepFailed f) {
        Work w = p.work();
        if (p.state() == RUNNING && p.step() == Step.LOAD && f.getCode() != null && REDUMP_CODES.contains(f.getCode())
                && w.chunk(task).isPresent() && !w.dispatched().contains(Work.REDUMP + task)) {
            String redump = Work.REDUMP + task;
            return new Transition(p.with(w.withDispatched(List.of(redump))),
                    List.of(new Dispatch(Step.LOAD, p.attempt(), redump)), false,
                    "chunk " + task + " unusable (" + f.getCode() + "): dumping it again");
        }
        w = w.withFailed(task);
        if (p.step() == Step.VERIFY && task.equals(Work.BLOBS) && f.getBlobs() != null) {
            List<String> keys = new ArrayList<>(f.getBlobs().getMissing());
            keys.addAll(f.getBlobs().getDifferent());
            w = w.withBlobRepair(keys);
        } else if (p.step() == Step.DNS_CUTOVER && FailureCodes.DNS_SWITCHED_UNCONFIRMED.equals(f.getCode())) {
            w = w.withCutOver(true);
        } else if (p.step() == Step.VERIFY && f.getVerify() != null) {
            // VERIFY's tasks check different models: the chunks each found differing add up
            List<String> repair = new ArrayList<>(w.repair());
            f.getVerify().getMismatches().stream().map(ModelMismatchInfo::getChunks).flatMap(List::stream)
                    .map(Workflow::taskOf).filter(t -> p.work().chunk(t).isPresent() && !repair.contains(t))
                    .forEach(repair::add);
            w = w.withRepair(repair);
        }
        Progress q = p.with(w);
        if (p.state() == RUNNING || p.state() == ABORTING && !waitingToUndo(p)
                || p.state() == COMPLETED) {
            MigrationState state = p.state() == RUNNING ? FAILED : p.state();
            Progress stopped = q.with(state, StepState.FAILED, f.getReason());
            return Transition.to(stopped, p.step() + " failed", stateChanged(stopped));
        }
        return afterAnswer(q, "task '" + task + "' failed");
    }

    /** After an answer that did not stop the migration: wait, undo, or go on. */
    private static Transition afterAnswer(Progress q, String note) {
        if (q.state() == FAILED) {
            return Transition.to(q, note + " (the migration is FAILED: recorded for the retry)");
        }
        if (waitingToUndo(q)) {
            return q.work().allInFlight() == 0 ? startUndo(q, note + ", nothing left in flight")
                    : Transition.to(q, note + ", still waiting for " + q.work().allInFlight());
        }
        return continueStep(q, note);
    }

    private static Chunk planned(ChunkRef r) {
        return new Chunk(r.getModel(), r.getIndex(), r.getKeyColumn(), r.getLo(), r.getHi(), r.getRows(), 0, null,
                r.getLoadLevel(), r.getLoadAfter());
    }

    private static String taskOf(ChunkRef r) {
        return Chunk.task(r.getModel(), r.getIndex());
    }

    private static Transition withStateChanged(Transition t, Progress before) {
        if (t.next().state() == before.state()
                || t.effects().stream().anyMatch(e -> e instanceof Emit em && em.payload() instanceof MigrationStateChanged)) {
            return t;
        }
        List<Effect> effects = new ArrayList<>();
        effects.add(stateChanged(t.next()));
        effects.addAll(t.effects());
        return new Transition(t.next(), effects, t.rejected(), t.note());
    }

    private static Emit stateChanged(Progress p) {
        return new Emit(new MigrationStateChanged(p.state(), p.reason()));
    }
}
