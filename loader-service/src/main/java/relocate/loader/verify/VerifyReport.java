package relocate.loader.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.ModelStats;

/**
 * What VERIFY found, model by model: the models whose rows match on both sides, those that differ, and
 * those only one side has. Built by {@link Verification#compare}; {@link #describe} is its text for people.
 *
 * @param matching        models with the same row count and checksum on both sides, in the source's order
 * @param mismatches      models on both sides whose rows differ, in the source's order
 * @param missingOnTarget the source's stats of models the target's stats lack
 * @param missingOnSource the target's stats of models the source's stats lack
 */
public record VerifyReport(List<TableName> matching, List<ModelMismatch> mismatches, List<ModelStats> missingOnTarget,
                           List<ModelStats> missingOnSource) {

    public VerifyReport {
        matching = List.copyOf(matching);
        mismatches = List.copyOf(mismatches);
        missingOnTarget = List.copyOf(missingOnTarget);
        missingOnSource = List.copyOf(missingOnSource);
    }

    /** Whether every model is on both sides with the same rows. */
    public boolean isClean() {
        return mismatches.isEmpty() && missingOnTarget.isEmpty() && missingOnSource.isEmpty();
    }

    /** The models whose rows differ, in the source's order. */
    public List<TableName> mismatchedModels() {
        return mismatches.stream().map(ModelMismatch::model).toList();
    }

    public Optional<ModelMismatch> mismatch(TableName model) {
        return mismatches.stream().filter(m -> m.model().equals(model)).findFirst();
    }

    /** This report with the mismatch of {@code model} narrowed down to {@code chunks} (see {@link Verification#narrow}). */
    public VerifyReport withDifferingChunks(TableName model, List<ChunkRange> chunks) {
        Objects.requireNonNull(model, "model");
        if (mismatch(model).isEmpty()) {
            throw new IllegalArgumentException("the rows of " + model + " did not differ, so there are no chunks of it "
                    + "to name: narrow down only the models the report names");
        }
        List<ModelMismatch> narrowed = new ArrayList<>(mismatches.size());
        for (ModelMismatch mismatch : mismatches) {
            narrowed.add(mismatch.model().equals(model) ? mismatch.withDifferingChunks(chunks) : mismatch);
        }
        return new VerifyReport(matching, narrowed, missingOnTarget, missingOnSource);
    }

    /**
     * For people, one line per problem: {@code 1 of 11 models differ between source and target:} then e.g.
     * {@code   public.cases: source 5,000 rows, target 4,999 rows; chunk #3 (id in [3000, 4000)) differs}.
     */
    public String describe() {
        int models = matching.size() + mismatches.size() + missingOnTarget.size() + missingOnSource.size();
        if (isClean()) {
            return "all " + models + " models match: the same row count and checksum on source and target";
        }
        int problems = models - matching.size();
        StringBuilder text = new StringBuilder()
                .append(problems).append(" of ").append(models).append(models == 1 ? " model" : " models")
                .append(problems == 1 ? " differs" : " differ").append(" between source and target:");
        mismatches.forEach(m -> text.append("\n  ").append(m.describe()));
        missingOnTarget.forEach(s -> text.append("\n  ").append(s.model()).append(": ").append(rows(s.rows()))
                .append(" on the source, but no such model on the target"));
        missingOnSource.forEach(s -> text.append("\n  ").append(s.model()).append(": ").append(rows(s.rows()))
                .append(" on the target, but no such model on the source"));
        return text.toString();
    }

    private static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d %s", rows, rows == 1 ? "row" : "rows");
    }
}
