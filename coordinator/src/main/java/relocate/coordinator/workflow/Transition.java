package relocate.coordinator.workflow;

import java.util.List;

/**
 * The result of {@link Workflow#next}: the next progress, the effects, and a note saying why, kept
 * for the log and for a replay. A rejected transition leaves progress unchanged: the operator's request
 * does not apply (abort of an ended migration), and {@code note} says why.
 */
public record Transition(Progress next, List<Effect> effects, boolean rejected, String note) {

    static Transition to(Progress next, String note, Effect... effects) {
        return new Transition(next, List.of(effects), false, note);
    }

    static Transition ignored(Progress current, String note) {
        return new Transition(current, List.of(), false, note);
    }

    static Transition rejected(Progress current, String note) {
        return new Transition(current, List.of(), true, note);
    }

    public boolean changed(Progress before) {
        return !next.equals(before);
    }
}
