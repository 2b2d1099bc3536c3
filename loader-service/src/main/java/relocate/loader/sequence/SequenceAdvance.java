package relocate.loader.sequence;

import java.util.List;
import java.util.Objects;

/**
 * One sequence that {@link Sequences#advance} moved forward.
 *
 * @param sequence   {@code public.users_id_seq}, for people
 * @param nextBefore what {@code nextval} would have returned before the move
 * @param nextAfter  what {@code nextval} returns now (the first value past every id its columns hold; for a
 *                   sequence that counts down, the first value below them)
 * @param columns    every column that takes its values from the sequence, {@code public.users.id}, whose ids
 *                   were compared, the domain's and those of tables outside it
 */
public record SequenceAdvance(String sequence, long nextBefore, long nextAfter, List<String> columns) {

    public SequenceAdvance {
        Objects.requireNonNull(sequence, "sequence");
        columns = List.copyOf(columns);
    }
}
