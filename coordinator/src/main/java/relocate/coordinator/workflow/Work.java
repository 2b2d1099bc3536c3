package relocate.coordinator.workflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import relocate.schemas.Step;

/**
 * The part of a migration's progress that steps split in many commands need: the chunks STATS planned,
 * which tasks of the current attempt were sent and how they answered, the chunks VERIFY asks to re-load,
 * the steps an abort still has to undo, and the highest attempt of each step (so an attempt number is
 * never reused and a late answer to an old attempt is recognised as stale).
 *
 * @param models     the selected models in load order, as STATS found them
 * @param chunks     in load order of their models, then by index; empty before STATS
 * @param dispatched tasks sent in the current attempt
 * @param done       tasks of the current attempt that completed
 * @param failed     tasks of the current attempt that failed
 * @param repair     tasks VERIFY found differing: the next LOAD re-loads just these
 * @param undo       the steps an abort still has to run, in order; empty when not aborting
 * @param attempts   the highest attempt of each step so far
 * @param blobPages  the BLOB_COPY pages STATS planned
 * @param blobRepair keys VERIFY found missing or different on the target: the next BLOB_COPY copies just these
 * @param side       steps running alongside the current one ({@link Track})
 * @param cutOver    the domain's record may point at the target (DNS_CUTOVER answered, no rollback since):
 *                   an abort must wait for {@code dns rollback}
 */
public record Work(Settings settings, Step until, List<String> models, List<Chunk> chunks, Set<String> dispatched,
                   Set<String> done, Set<String> failed, List<String> repair, List<Step> undo,
                   Map<Step, Integer> attempts, int blobPages, List<String> blobRepair, Map<Step, Track> side,
                   boolean cutOver) {

    /** The task of a step done in one command. */
    public static final String WHOLE = "";
    /** DUMP's last task: write manifest.json. */
    public static final String MANIFEST = "manifest";
    /** LOAD's last task: move the target's sequences past the loaded ids. */
    public static final String SEQUENCES = "sequences";
    /** A LOAD task that dumps a corrupted chunk again: {@code redump:public.cases#3}. */
    public static final String REDUMP = "redump:";
    /** The task of a step on the domain's blobs (blob-service), beside the one on its rows. */
    public static final String BLOBS = "blobs";
    /** The task of a step on the domain's DNS record (dns-service). */
    public static final String DNS = "dns";
    /** The BLOB_COPY task that copies the keys VERIFY found missing or different. */
    public static final String BLOB_REPAIR = "repair";
    private static final String PAGE = "page-";

    public Work {
        models = List.copyOf(models);
        chunks = List.copyOf(chunks);
        dispatched = Set.copyOf(dispatched);
        done = Set.copyOf(done);
        failed = Set.copyOf(failed);
        repair = List.copyOf(repair);
        undo = List.copyOf(undo);
        attempts = Map.copyOf(attempts);
        blobRepair = List.copyOf(blobRepair);
        side = Map.copyOf(side);
    }

    public static Work of(Settings settings, Step until) {
        return new Work(settings, until, List.of(), List.of(), Set.of(), Set.of(), Set.of(), List.of(), List.of(),
                Map.of(), 0, List.of(), Map.of(), false);
    }

    /** The BLOB_COPY task of page {@code index}: {@code page-3}. */
    public static String page(int index) {
        return PAGE + index;
    }

    /** The page a BLOB_COPY task copies; -1 for {@link #BLOB_REPAIR}. */
    public static int pageOf(String task) {
        return task.startsWith(PAGE) ? Integer.parseInt(task.substring(PAGE.length())) : -1;
    }

    /** The tasks of {@code step}, in waves: a wave starts when the one before it is done. */
    public List<List<String>> waves(Step step) {
        return switch (step) {
            case PREFLIGHT -> List.of(tasks(WHOLE, settings.blobs() ? BLOBS : null, settings.dns() ? DNS : null));
            case STATS -> List.of(tasks(WHOLE, settings.blobs() ? BLOBS : null));
            case VERIFY -> List.of(verifyTasks());
            case DUMP -> List.of(chunks.stream().map(Chunk::task).toList(), List.of(MANIFEST));
            // which chunks may load at a time is currentWave's: a chunk once its model's parents are in
            case LOAD -> List.of(chunks.stream().filter(this::loadsNow).map(Chunk::task).toList(), List.of(SEQUENCES));
            case BLOB_COPY -> !blobRepair.isEmpty() ? List.of(List.of(BLOB_REPAIR))
                    // re-loading chunks VERIFY found differing: the blobs were fine
                    : !repair.isEmpty() ? List.of() : List.of(pages());
            case UNLOAD -> List.of(tasks(attempts.containsKey(Step.LOAD) ? WHOLE : null,
                    attempts.containsKey(Step.BLOB_COPY) ? BLOBS : null));
            case DNS_CUTOVER, DNS_PREPARE, DNS_ROLLBACK -> List.of(List.of(DNS));
            default -> List.of(List.of(WHOLE));
        };
    }

    /**
     * VERIFY's tasks: one per model checked alongside LOAD (named by the model), one ({@link #WHOLE}) for the
     * models still to check ({@link #modelsToVerify}) unless none is left, and the blobs'.
     */
    private List<String> verifyTasks() {
        List<String> tasks = new ArrayList<>(loadedModels().stream().filter(dispatched::contains).toList());
        if (tasks.isEmpty() || !modelsToVerify().isEmpty()) {
            tasks.add(WHOLE);
        }
        if (settings.blobs()) {
            tasks.add(BLOBS);
        }
        return tasks;
    }

    /** The loaded models VERIFY's {@link #WHOLE} task checks: those not checked alongside LOAD. */
    public List<String> modelsToVerify() {
        return loadedModels().stream().filter(m -> !dispatched.contains(m)).toList();
    }

    /**
     * The loaded models not sent to VERIFY alongside LOAD yet, the largest (in bytes dumped) first: the longest
     * checks start first, and the short ones fill in at the end.
     */
    public List<String> notVerifiedAlongside() {
        Track verifying = side.get(Step.VERIFY);
        Map<String, Long> bytes = new HashMap<>();
        chunks.forEach(c -> bytes.merge(c.model(), c.bytes(), Long::sum));
        return loadedModels().stream().filter(m -> verifying == null || !verifying.dispatched().contains(m))
                .sorted(Comparator.comparing((String m) -> bytes.getOrDefault(m, 0L)).reversed()).toList();
    }

    private List<String> pages() {
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < blobPages; i++) {
            pages.add(page(i));
        }
        return pages;
    }

    private static List<String> tasks(String... tasks) {
        return java.util.Arrays.stream(tasks).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The tasks of {@code step} that may run now: those of its first wave with a task not done (done or not);
     * for LOAD, {@link #loadable}. Empty when the step is done.
     */
    public Optional<List<String>> currentWave(Step step) {
        List<String> open = step == Step.LOAD ? loadable()
                : waves(step).stream().filter(w -> !done.containsAll(w)).findFirst().orElse(List.of());
        return open.isEmpty() ? Optional.empty() : Optional.of(open);
    }

    /**
     * LOAD's tasks not loaded yet that may load now: a chunk once every chunk (of this LOAD) of the models it
     * needs ({@link #needs}) is loaded, beside the chunks of unrelated models; then the sequences. Empty when
     * every task is loaded.
     */
    private List<String> loadable() {
        List<Chunk> toLoad = chunks.stream().filter(this::loadsNow).toList();
        Map<String, List<String>> byModel = new HashMap<>();
        toLoad.forEach(c -> byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c.task()));
        List<String> open = toLoad.stream().filter(c -> !done.contains(c.task()))
                .filter(c -> needs(c).stream().allMatch(m -> done.containsAll(byModel.getOrDefault(m, List.of()))))
                .map(Chunk::task).toList();
        if (!open.isEmpty() || !done.containsAll(byModel.values().stream().flatMap(List::stream).toList())) {
            return open;
        }
        return done.contains(SEQUENCES) ? List.of() : List.of(SEQUENCES);
    }

    /**
     * The models whose rows a chunk's rows need on the target first: its model's parents, as STATS named them;
     * from a plan of an older dumper, which did not, every model of a lower level, or without levels, every
     * model before its own.
     */
    private List<String> needs(Chunk c) {
        if (c.after() != null) {
            return c.after();
        }
        boolean levelled = chunks.stream().allMatch(x -> x.level() != null);
        return chunks.stream().filter(x -> levelled ? x.level() < c.level()
                        : models.indexOf(x.model()) < models.indexOf(c.model()))
                .map(Chunk::model).distinct().toList();
    }

    /** Whether this LOAD loads the chunk: the object filter's models, or, re-loading, the chunks VERIFY named. */
    private boolean loadsNow(Chunk c) {
        return repair.isEmpty() ? settings.loads(c.model()) : repair.contains(c.task());
    }

    /** Tasks of the current step sent and not answered. */
    public Set<String> inFlight() {
        Set<String> open = new LinkedHashSet<>(dispatched);
        open.removeAll(done);
        open.removeAll(failed);
        return open;
    }

    /** Tasks sent and not answered, of the current step and of those running alongside it. */
    public int allInFlight() {
        return inFlight().size() + side.values().stream().mapToInt(t -> t.inFlight().size()).sum();
    }

    /** The models LOAD loads (the object filter applied); empty before STATS, which means every model to UNLOAD. */
    public List<String> loadedModels() {
        return models.stream().filter(settings::loads).toList();
    }

    public Optional<Chunk> chunk(String task) {
        return chunks.stream().filter(c -> c.task().equals(task)).findFirst();
    }

    int nextAttempt(Step step) {
        return attempts.getOrDefault(step, 0) + 1;
    }

    /** Entering an attempt of {@code step}: nothing sent or answered yet. */
    Work startAttempt(Step step, int attempt, Set<String> keepDone) {
        Map<Step, Integer> a = new HashMap<>(attempts);
        a.put(step, attempt);
        return new Work(settings, until, models, chunks, Set.of(), keepDone, Set.of(), repair, undo, a,
                blobPages, blobRepair, side, cutOver);
    }

    Work withDispatched(List<String> tasks) {
        Set<String> d = new LinkedHashSet<>(dispatched);
        d.addAll(tasks);
        return new Work(settings, until, models, chunks, d, done, failed, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withDone(String task) {
        Set<String> d = new LinkedHashSet<>(done);
        d.add(task);
        return new Work(settings, until, models, chunks, dispatched, d, failed, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withFailed(String task) {
        Set<String> f = new LinkedHashSet<>(failed);
        f.add(task);
        return new Work(settings, until, models, chunks, dispatched, done, f, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withPlan(List<String> plannedModels, List<Chunk> planned) {
        return new Work(settings, until, plannedModels, planned, dispatched, done, failed, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withChunk(Chunk chunk) {
        List<Chunk> c = chunks.stream().map(x -> x.task().equals(chunk.task()) ? chunk : x).toList();
        return new Work(settings, until, models, c, dispatched, done, failed, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withRepair(List<String> tasks) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, tasks, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withUndo(List<Step> steps) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, steps, attempts,
                blobPages, blobRepair, side, cutOver);
    }

    Work withBlobPages(int pages) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, undo, attempts, pages,
                blobRepair, side, cutOver);
    }

    Work withBlobRepair(List<String> keys) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, undo, attempts, blobPages,
                keys, side, cutOver);
    }

    Work withCutOver(boolean switched) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, undo, attempts, blobPages,
                blobRepair, side, switched);
    }

    /** Starts {@code step} alongside the current one, as its next attempt, with {@code tasks} sent. */
    Work withSideStarted(Step step, int attempt, List<String> tasks) {
        Map<Step, Integer> a = new HashMap<>(attempts);
        a.put(step, attempt);
        Map<Step, Track> s = new HashMap<>(side);
        s.put(step, Track.started(attempt, tasks));
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, undo, a, blobPages,
                blobRepair, s, cutOver);
    }

    Work withSide(Step step, Track track) {
        Map<Step, Track> s = new HashMap<>(side);
        s.put(step, track);
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, undo, attempts, blobPages,
                blobRepair, s, cutOver);
    }

    /** The current step becomes {@code step}, which ran alongside: its tasks and answers come with it. */
    Work adoptSide(Step step) {
        Track t = side.get(step);
        Map<Step, Track> s = new HashMap<>(side);
        s.remove(step);
        return new Work(settings, until, models, chunks, t.dispatched(), t.done(), t.failed(), repair, undo, attempts,
                blobPages, blobRepair, s, cutOver);
    }

    Work withoutSide(Step step) {
        Map<Step, Track> s = new HashMap<>(side);
        s.remove(step);
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, undo, attempts, blobPages,
                blobRepair, s, cutOver);
    }

    Work withUntil(Step step) {
        return new Work(settings, step, models, chunks, dispatched, done, failed, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }
}
