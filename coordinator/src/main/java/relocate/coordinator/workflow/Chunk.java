package relocate.coordinator.workflow;

import java.util.List;

/**
 * One chunk as the coordinator tracks it: which rows (planned by STATS) and, once DUMP wrote it, the
 * file's size and SHA-256 (null before), its model's level in load order, and the models whose chunks it
 * loads after (both null when planned by a dumper that did not say: its model then loads by level, or alone).
 */
public record Chunk(String model, int index, String keyColumn, Long lo, Long hi, long rows, long bytes,
                    String sha256, Integer level, List<String> after) {

    public Chunk {
        after = after == null ? null : List.copyOf(after);
    }

    /** The task that dumps or loads this chunk: {@code public.cases#3}. */
    public String task() {
        return task(model, index);
    }

    /** The task of chunk {@code index} of {@code model}: {@code public.cases#3}. */
    public static String task(String model, int index) {
        return model + "#" + index;
    }

    Chunk dumped(long dumpedRows, long dumpedBytes, String dumpedSha256) {
        return new Chunk(model, index, keyColumn, lo, hi, dumpedRows, dumpedBytes, dumpedSha256, level, after);
    }
}
