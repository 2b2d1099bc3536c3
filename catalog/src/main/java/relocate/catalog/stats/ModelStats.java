package relocate.catalog.stats;

import java.util.HexFormat;
import java.util.Objects;

import relocate.catalog.TableName;

/**
 * A model's row count and checksum for one domain, or for one chunk of it (see {@link RowChecksum}
 * for what the checksum is). Two stats describe the same rows when {@link #sameRows} holds.
 *
 * @param checksum 16 lowercase hex digits; {@code 0000000000000000} when there are no rows
 */
public record ModelStats(TableName model, long rows, String checksum) {

    private static final HexFormat HEX = HexFormat.of();

    public ModelStats {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(checksum, "checksum");
        if (rows < 0) {
            throw new IllegalArgumentException("a row count cannot be negative: " + rows);
        }
        if (checksum.length() != 16 || !checksum.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("a checksum is 16 hex digits, not '" + checksum + "'");
        }
        checksum = checksum.toLowerCase();
    }

    /** No rows. */
    public static ModelStats empty(TableName model) {
        return new ModelStats(model, 0, format(0));
    }

    /** Whether both count the same number of rows with the same checksum, whatever database they come from. */
    public boolean sameRows(ModelStats other) {
        return rows == other.rows && checksum.equals(other.checksum);
    }

    /**
     * The stats of both sets of rows together: counts add, and so do checksums (modulo 2^64), so the
     * stats of a model's chunks add up to the model's stats.
     */
    public ModelStats plus(ModelStats other) {
        if (!model.equals(other.model)) {
            throw new IllegalArgumentException("stats of " + other.model + " cannot be added to stats of " + model);
        }
        return new ModelStats(model, rows + other.rows, format(checksumValue() + other.checksumValue()));
    }

    long checksumValue() {
        return Long.parseUnsignedLong(checksum, 16);
    }

    static String format(long checksum) {
        return HEX.toHexDigits(checksum);
    }
}
