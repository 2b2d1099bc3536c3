package relocate.catalog.chunk;

import java.util.Objects;
import java.util.Optional;

import relocate.catalog.TableName;

/**
 * Which of a model's domain rows one chunk holds: those whose integer key lies in {@code [lo, hi)}, or
 * all of them when the model is dumped as one chunk. The dumper plans and dumps chunks, the loader loads
 * them; both name a chunk with this record (through the manifest).
 *
 * @param model     the model (table) the chunk belongs to
 * @param index     the chunk's position among the model's chunks, from 0, in key order
 * @param keyColumn the single integer primary-key column the range applies to; null for a whole-model chunk
 * @param lo        the lowest key in the chunk (inclusive); null for "no lower bound"
 * @param hi        the first key after the chunk (exclusive); null for "no upper bound"
 */
public record ChunkRange(TableName model, int index, String keyColumn, Long lo, Long hi) {

    public ChunkRange {
        Objects.requireNonNull(model, "model");
        if (index < 0) {
            throw new IllegalArgumentException("a chunk index cannot be negative: " + index);
        }
        if (keyColumn == null && (lo != null || hi != null)) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + " has bounds but no key column");
        }
        if (lo != null && hi != null && lo >= hi) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + " is empty: lo " + lo
                    + " is not below hi " + hi);
        }
    }

    /** The only chunk of a model whose key is not a single integer column (composite, text, uuid, none). */
    public static ChunkRange wholeModel(TableName model) {
        return new ChunkRange(model, 0, null, null, null);
    }

    /** Whether this chunk is every domain row of its model, with no key range. */
    public boolean isWholeModel() {
        return keyColumn == null;
    }

    public Optional<String> key() {
        return Optional.ofNullable(keyColumn);
    }

    /** For people and logs: {@code public.cases#2 id in [1000, 2000)} or {@code public.forms#0 (whole model)}. */
    public String describe() {
        return model + "#" + index + " " + (isWholeModel() ? "(" + describeRows() + ")" : describeRows());
    }

    /** Which rows, for people: {@code id in [1000, +inf)} or {@code whole model}. */
    public String describeRows() {
        return isWholeModel() ? "whole model"
                : keyColumn + " in [" + (lo == null ? "-inf" : lo) + ", " + (hi == null ? "+inf" : hi) + ")";
    }
}
