package relocate.blob.page;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a migration's blob files in its artifact store, all under {@code blobs/}: the plan, one file
 * of keys per page, the journal of keys each page wrote to the target, and each page's receipt.
 */
public final class BlobNames {

    /** The totals and the number of pages; written last, so that its pages are all there. */
    public static final String PLAN = "blobs/plan.json";
    static final String FOLDER = "blobs/";

    private static final Pattern JOURNAL = Pattern.compile("blobs/copied-(\\d+)\\.keys");
    private static final Pattern PAGE = Pattern.compile("blobs/page-(\\d+)\\.json");

    private BlobNames() {
    }

    /** {@code blobs/page-00003.json}: the keys of page 3, with their sizes and content types. */
    public static String page(int index) {
        return FOLDER + "page-" + number(index) + ".json";
    }

    /** {@code blobs/copied-00003.keys}: the keys page 3 wrote (or was about to write) to the target, for undo. */
    public static String journal(int index) {
        return FOLDER + "copied-" + number(index) + ".keys";
    }

    /** {@code blobs/receipt-00003.json}: the blobs of page 3 found on the target, with size, SHA-256 and version. */
    public static String receipt(int index) {
        return FOLDER + "receipt-" + number(index) + ".json";
    }

    /** The page a journal's name is of, or empty when the name is not a journal's. */
    public static OptionalInt journalPage(String name) {
        return pageOf(JOURNAL, name);
    }

    /** The page a page file's name is of, or empty when the name is not a page file's. */
    public static OptionalInt pagePage(String name) {
        return pageOf(PAGE, name);
    }

    private static OptionalInt pageOf(Pattern pattern, String name) {
        Matcher matcher = pattern.matcher(name);
        if (!matcher.matches()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(matcher.group(1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String number(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a page number cannot be negative: " + index);
        }
        return String.format("%05d", index);
    }
}
