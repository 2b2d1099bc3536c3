package relocate.sample;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people type them on a command line: counts with a decimal suffix ({@code 250k}, {@code 10m}) and
 * byte sizes with a binary one ({@code 64k} = 64 KiB, {@code 1m} = 1 MiB).
 */
public final class SampleSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)");

    private SampleSize() {
    }

    /** A count: {@code 1500}, {@code 250k} (250,000), {@code 1m} (1,000,000), {@code 2g} (2,000,000,000). */
    public static long count(String text) {
        return parse(text, 1000, "a count", "1500, 250k, 1m or 10m (k = thousand, m = million, g = billion)");
    }

    /** A number of bytes: {@code 512}, {@code 64k} (65,536), {@code 1m} (1,048,576), {@code 1g}. */
    public static long bytes(String text) {
        return parse(text, 1024, "a byte size", "512, 64k, 1m or 1g (k = KiB, m = MiB, g = GiB)");
    }

    private static long parse(String text, long unit, String what, String accepted) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + what + ": write it as " + accepted);
        }
        long multiplier = switch (m.group(2)) {
            case "k" -> unit;
            case "m" -> unit * unit;
            case "g" -> unit * unit * unit;
            default -> 1;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for " + what + ": write it as " + accepted);
        }
    }
}
