package relocate.catalog.stats;

/**
 * A chunk of a model: the rows whose single-column integer primary key is in {@code [from, to)}.
 *
 * @param from the lowest key in the range
 * @param to   the first key after the range
 */
public record KeyRange(long from, long to) {

    public KeyRange {
        if (from > to) {
            throw new IllegalArgumentException("a key range cannot end (" + to + ") before it starts (" + from + ")");
        }
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
