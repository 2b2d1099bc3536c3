package relocate.coordinator.workflow;

import java.util.ArrayList;
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
 */
public record Work(Settings settings, Step until, List<String> models, List<Chunk> chunks, Set<String> dispatched,
                   Set<String> done, Set<String> failed, List<String> repair, List<Step> undo,
                   Map<Step, Integer> attempts) {

    /** The task of a step done in one command. */
    public static final String WHOLE = "";
    /** DUMP's last task: write manifest.json. */
    public static final String MANIFEST = "manifest";
    /** LOAD's last task: move the target's sequences past the loaded ids. */
    public static final String SEQUENCES = "sequences";
    /** A LOAD task that dumps a corrupted chunk again: {@code redump:public.cases#3}. */
    public static final String REDUMP = "redump:";

    public Work {
        models = List.copyOf(models);
        chunks = List.copyOf(chunks);
        dispatched = Set.copyOf(dispatched);
        done = Set.copyOf(done);
        failed = Set.copyOf(failed);
        repair = List.copyOf(repair);
        undo = List.copyOf(undo);
        attempts = Map.copyOf(attempts);
    }

    public static Work of(Settings settings, Step until) {
        return new Work(settings, until, List.of(), List.of(), Set.of(), Set.of(), Set.of(), List.of(), List.of(),
                Map.of());
    }

    /** The tasks of {@code step}, in waves: a wave starts when the one before it is done. */
    public List<List<String>> waves(Step step) {
        return switch (step) {
            case DUMP -> List.of(chunks.stream().map(Chunk::task).toList(), List.of(MANIFEST));
            case LOAD -> loadWaves();
            default -> List.of(List.of(WHOLE));
        };
    }

    /** One wave per model in load order (a child's rows need its parents'), then the sequences. */
    private List<List<String>> loadWaves() {
        List<List<String>> waves = new ArrayList<>();
        for (String model : models) {
            List<String> tasks = chunks.stream().filter(c -> c.model().equals(model))
                    .filter(c -> repair.isEmpty() ? settings.loads(model) : repair.contains(c.task()))
                    .map(Chunk::task).toList();
            if (!tasks.isEmpty()) {
                waves.add(tasks);
            }
        }
        waves.add(List.of(SEQUENCES));
        return waves;
    }

    /** The first wave of {@code step} with a task not done; empty when the step is done. */
    public Optional<List<String>> currentWave(Step step) {
        return waves(step).stream().filter(w -> !done.containsAll(w)).findFirst();
    }

    /** Tasks sent and not answered. */
    public Set<String> inFlight() {
        Set<String> open = new LinkedHashSet<>(dispatched);
        open.removeAll(done);
        open.removeAll(failed);
        return open;
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
        return new Work(settings, until, models, chunks, Set.of(), keepDone, Set.of(), repair, undo, a);
    }

    Work withDispatched(List<String> tasks) {
        Set<String> d = new LinkedHashSet<>(dispatched);
        d.addAll(tasks);
        return new Work(settings, until, models, chunks, d, done, failed, repair, undo, attempts);
    }

    Work withDone(String task) {
        Set<String> d = new LinkedHashSet<>(done);
        d.add(task);
        return new Work(settings, until, models, chunks, dispatched, d, failed, repair, undo, attempts);
    }

    Work withFailed(String task) {
        Set<String> f = new LinkedHashSet<>(failed);
        f.add(task);
        return new Work(settings, until, models, chunks, dispatched, done, f, repair, undo, attempts);
    }

    Work withPlan(List<String> plannedModels, List<Chunk> planned) {
        return new Work(settings, until, plannedModels, planned, dispatched, done, failed, repair, undo, attempts);
    }

    Work withChunk(Chunk chunk) {
        List<Chunk> c = chunks.stream().map(x -> x.task().equals(chunk.task()) ? chunk : x).toList();
        return new Work(settings, until, models, c, dispatched, done, failed, repair, undo, attempts);
    }

    Work withRepair(List<String> tasks) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, tasks, undo, attempts);
    }

    Work withUndo(List<Step> steps) {
        return new Work(settings, until, models, chunks, dispatched, done, failed, repair, steps, attempts);
    }

    Work withUntil(Step step) {
        return new Work(settings, step, models, chunks, dispatched, done, failed, repair, undo, attempts);
    }
}
