package relocate.loader.verify;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.ModelStats;

/**
 * A model whose domain rows differ between source and target: another row count, or the same count
 * with another checksum. Once narrowed down ({@link Verification#narrow}), it also names the chunks
 * that differ, which re-loading repairs.
 *
 * @param differingChunks the model's chunks whose stats differ, in key order; empty until narrowed down
 */
public record ModelMismatch(TableName model, long sourceRows, long targetRows, String sourceChecksum,
                            String targetChecksum, List<ChunkRange> differingChunks) {

    public ModelMismatch {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sourceChecksum, "sourceChecksum");
        Objects.requireNonNull(targetChecksum, "targetChecksum");
        differingChunks = List.copyOf(differingChunks);
        for (ChunkRange chunk : differingChunks) {
            if (!chunk.model().equals(model)) {
                throw new IllegalArgumentException("chunk " + chunk.describe() + " is no chunk of " + model
                        + ": a mismatch names chunks of its own model only");
            }
        }
    }

    /** Not narrowed down to chunks yet. */
    public ModelMismatch(TableName model, long sourceRows, long targetRows, String sourceChecksum,
                         String targetChecksum) {
        this(model, sourceRows, targetRows, sourceChecksum, targetChecksum, List.of());
    }

    /** The mismatch between two stats of one model (which must differ). */
    static ModelMismatch between(ModelStats source, ModelStats target) {
        return new ModelMismatch(source.model(), source.rows(), target.rows(), source.checksum(), target.checksum());
    }

    /** This mismatch, narrowed down to these chunks (as {@link Verification#narrow} found them). */
    public ModelMismatch withDifferingChunks(List<ChunkRange> chunks) {
        return new ModelMismatch(model, sourceRows, targetRows, sourceChecksum, targetChecksum, chunks);
    }

    /**
     * For people: {@code public.cases: source 5,000 rows, target 4,999 rows; chunk #3 (id in [3000, 4000))
     * differs}, or, when the counts agree, {@code public.cases: 5,000 rows on both sides, but their checksums
     * differ (source 0123456789abcdef, target fedcba9876543210)}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(model.toString()).append(": ");
        if (sourceRows != targetRows) {
            text.append("source ").append(rows(sourceRows)).append(", target ").append(rows(targetRows));
        } else {
            text.append(rows(sourceRows)).append(" on both sides, but their checksums differ (source ")
                    .append(sourceChecksum).append(", target ").append(targetChecksum).append(")");
        }
        if (!differingChunks.isEmpty()) {
            String chunks = differingChunks.stream()
                    .map(chunk -> "#" + chunk.index() + " (" + chunk.describeRows() + ")")
                    .collect(Collectors.joining(", "));
            text.append(differingChunks.size() == 1 ? "; chunk " + chunks + " differs"
                    : "; chunks " + chunks + " differ");
        }
        return text.toString();
    }

    private static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d %s", rows, rows == 1 ? "row" : "rows");
    }
}
