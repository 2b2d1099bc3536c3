package relocate.blob.listing;

import java.util.Objects;

/**
 * Which blobs belong to a domain: those a query on the source database returns, or those whose key starts
 * with a prefix in the source store.
 */
public sealed interface BlobListing {

    /** The placeholder a prefix template has for the domain. */
    String DOMAIN = "{domain}";

    /**
     * A query that returns a domain's blobs from the source database, e.g. from a metadata table:
     * {@code SELECT key, size, content_type FROM blob_meta WHERE domain = ? ORDER BY key}. Its one parameter
     * is the domain (bound, never spliced into the SQL); its columns are the key, the size in bytes and,
     * optionally, the content type, in that order.
     */
    static BlobListing query(String sql) {
        return new Query(sql);
    }

    /** The keys in the source store that start with the template, its {@value #DOMAIN} replaced: {@code {domain}/}. */
    static BlobListing prefix(String template) {
        return new Prefix(template);
    }

    /** For messages and the plan: {@code query "SELECT ..."} or {@code prefix "{domain}/"}. */
    String describe();

    record Query(String sql) implements BlobListing {
        public Query {
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("the blob listing query is empty: give a query that takes the domain "
                        + "as its one parameter and returns key, size and (optionally) content type");
            }
        }

        @Override
        public String describe() {
            return "query \"" + sql.strip() + "\"";
        }
    }

    record Prefix(String template) implements BlobListing {
        public Prefix {
            Objects.requireNonNull(template, "template");
            if (!template.contains(DOMAIN)) {
                throw new IllegalArgumentException("the blob key prefix '" + template + "' does not contain " + DOMAIN
                        + ": without it every domain would have the same blobs (e.g. use '" + DOMAIN + "/')");
            }
        }

        /** The prefix of one domain's keys. */
        public String resolve(String domain) {
            if (domain == null || domain.isEmpty()) {
                throw new IllegalArgumentException("a domain is needed to list its blobs by prefix");
            }
            return template.replace(DOMAIN, domain);
        }

        @Override
        public String describe() {
            return "prefix \"" + template + "\"";
        }
    }
}
