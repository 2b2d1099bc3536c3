package relocate.coordinator.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
            case STATS, VERIFY -> List.of(tasks(WHOLE, settings.blobs() ? BLOBS : null));
            case DUMP -> List.of(chunks.stream().map(Chunk::task).toList(), List.of(MANIFEST));
            case LOAD -> loadWaves();
            case BLOB_COPY -> !blobRepair.isEmpty() ? List.of(List.of(BLOB_REPAIR))
                    // re-loading chunks VERIFY found differing: the blobs were fine
                    : !repair.isEmpty() ? List.of() : List.of(pages());
            case UNLOAD -> List.of(tasks(attempts.containsKey(Step.LOAD) ? WHOLE : null,
                    attempts.containsKey(Step.BLOB_COPY) ? BLOBS : null));
            case DNS_CUTOVER, DNS_PREPARE, DNS_ROLLBACK -> List.of(List.of(DNS));
            default -> List.of(List.of(WHOLE));
        };
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
     * One wave per level of load order (a child's rows need its parents'; models of one level do not need each
     * other's, so their chunks load together), then the sequences. Chunks planned without a level (by an older
     * dumper) make one wave per model.
     */
    private List<List<String>> loadWaves() {
        boolean levelled = chunks.stream().allMatch(c -> c.level() != null);
        Map<Integer, List<String>> byWave = new TreeMap<>();
        for (Chunk c : chunks) {
            if (loadsNow(c)) {
                int wave = levelled ? c.level() : models.indexOf(c.model());
                byWave.computeIfAbsent(wave, w -> new ArrayList<>()).add(c.task());
            }
        }
        List<List<String>> waves = new ArrayList<>(byWave.values());
        waves.add(List.of(SEQUENCES));
        return waves;
    }

    /**
     * The tasks of {@code step} that may run now, done or not: those of its first wave with a task not done,
     * and for LOAD, {@link #loadable}. Empty when the step is done.
     */
    public Optional<List<String>> currentWave(Step step) {
        if (step == Step.LOAD) {
            List<String> open = loadable(done);
            return open.isEmpty() ? Optional.empty() : Optional.of(open);
        }
        return waves(step).stream().filter(w -> !done.containsAll(w)).findFirst();
    }

    /**
     * LOAD's tasks not in {@code loaded} that may load once those are in: a chunk once every chunk (of this
     * LOAD) of the models it needs is loaded, beside chunks of unrelated models, whatever their level; then the
     * sequences. Chunks planned without what they need (by an older dumper) go by level ({@link #waves}).
     * Empty when every task is loaded.
     */
    public List<String> loadable(Set<String> loaded) {
        if (!chunks.stream().allMatch(c -> c.after() != null)) {
            return loadWaves().stream().filter(w -> !loaded.containsAll(w)).findFirst().orElse(List.of()).stream()
                    .filter(t -> !loaded.contains(t)).toList();
        }
        List<Chunk> toLoad = chunks.stream().filter(this::loadsNow).toList();
        Map<String, List<String>> byModel = new HashMap<>();
        toLoad.forEach(c -> byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c.task()));
        List<String> open = toLoad.stream().filter(c -> !loaded.contains(c.task()))
                .filter(c -> c.after().stream().allMatch(m -> loaded.containsAll(byModel.getOrDefault(m, List.of()))))
                .map(Chunk::task).toList();
        if (!open.isEmpty() || !loaded.containsAll(toLoad.stream().map(Chunk::task).toList())) {
            return open;
        }
        return loaded.contains(SEQUENCES) ? List.of() : List.of(SEQUENCES);
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

    Work withUntil(Step step) {
        return new Work(settings, step, models, chunks, dispatched, done, failed, repair, undo, attempts,
                blobPages, blobRepair, side, cutOver);
    }
}
