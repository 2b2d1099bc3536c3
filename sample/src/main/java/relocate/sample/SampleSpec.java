package relocate.sample;

/**
 * What {@link SampleGenerator} makes: about {@code rows} rows of {@code domain} across the sample tables and,
 * unless {@code otherDomain} is null, {@code otherRows} rows of a second domain stored around the first (their
 * rows interleaved in the same heap pages, as tenants share the tables of one application). The same spec
 * makes the same content: {@code seed} decides every value.
 */
public record SampleSpec(String domain, long rows, String otherDomain, long otherRows, long seed) {
    /** The most rows of one domain: its ids stay within its slot of {@link SampleDomain#ID_SPACE}. */
    public static final long MAX_ROWS = SampleDomain.ID_SPACE - 1;

    public SampleSpec {
        requireName("domain", domain);
        requireRows("rows", rows);
        if (otherDomain != null) {
            requireName("otherDomain", otherDomain);
            requireRows("otherRows", otherRows);
            if (otherDomain.equals(domain)) {
                throw new IllegalArgumentException("the other domain must differ from the domain ('" + domain + "')");
            }
        } else if (otherRows != 0) {
            throw new IllegalArgumentException("otherRows (" + otherRows + ") needs an otherDomain");
        }
    }

    /** One domain alone. */
    public static SampleSpec of(String domain, long rows, long seed) {
        return new SampleSpec(domain, rows, null, 0, seed);
    }

    private static void requireName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(field + " must name a domain, e.g. acme");
        }
    }

    private static void requireRows(String field, long rows) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException(field + " must be between 1 and " + MAX_ROWS + ", not " + rows);
        }
    }
}
