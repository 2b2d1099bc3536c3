package relocate.blob.listing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobVisitor;
import relocate.catalog.connect.ReadOnlyTransaction;

/**
 * Lists a domain's blobs, streamed one at a time: by query in a read-only snapshot of the source database
 * (rows fetched {@value #FETCH_SIZE} at a time, never all in memory), or by key prefix in the source store.
 */
public final class DomainBlobs {

    static final int FETCH_SIZE = 1000;

    private DomainBlobs() {
    }

    /**
     * @param database the source database; used by a query listing only (null is fine for a prefix)
     * @param store    the source store; used by a prefix listing only
     */
    public static void list(BlobListing listing, String domain, Connection database, BlobStore store,
                            BlobVisitor<BlobEntry> visitor) throws IOException {
        if (listing instanceof BlobListing.Query query) {
            byQuery(query, domain, database, visitor);
        } else if (listing instanceof BlobListing.Prefix prefix) {
            store.list(prefix.resolve(domain),
                    info -> visitor.visit(new BlobEntry(info.key(), info.size(), info.contentType())));
        } else {
            throw new IllegalArgumentException("unknown blob listing " + listing);
        }
    }

    /** How many blobs the domain has and their bytes, by streaming its listing. */
    public static BlobTotals totals(BlobListing listing, String domain, Connection database, BlobStore store)
            throws IOException {
        BlobTotals[] totals = {BlobTotals.NONE};
        list(listing, domain, database, store, entry -> totals[0] = totals[0].plus(entry));
        return totals[0];
    }

    private static void byQuery(BlobListing.Query query, String domain, Connection database,
                                BlobVisitor<BlobEntry> visitor) throws IOException {
        if (database == null) {
            throw new IllegalArgumentException("listing blobs by query needs the source database");
        }
        try {
            ReadOnlyTransaction.run(database, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                    int parameters = statement.getParameterMetaData().getParameterCount();
                    if (parameters != 1) {
                        throw new BadQuery("takes " + parameters + " parameters; it must take exactly one, the domain "
                                + "(e.g. WHERE domain = ?)");
                    }
                    statement.setFetchSize(FETCH_SIZE);
                    statement.setString(1, domain);
                    try (ResultSet rows = statement.executeQuery()) {
                        int columns = rows.getMetaData().getColumnCount();
                        if (columns < 2 || columns > 3) {
                            throw new BadQuery("returns " + columns + " columns; it must return the key, the size in "
                                    + "bytes and, optionally, the content type, in that order");
                        }
                        while (rows.next()) {
                            visit(visitor, entry(rows, columns));
                        }
                    }
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (BadQuery e) {
            throw new BlobListingFailure("The blob listing " + query.describe() + " " + e.getMessage()
                    + ": correct the blob listing configured for the source.", false, null);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean retryable = state.startsWith("08") || state.startsWith("57P") || state.equals("40001")
                    || state.equals("53300");
            throw new BlobListingFailure("The blob listing " + query.describe() + " failed for domain '" + domain
                    + "' on the source database: " + e.getMessage() + " (SQLState " + state + "). "
                    + (retryable ? "The database may be down or busy; try again." : "Correct the query."), retryable, e);
        }
    }

    private static BlobEntry entry(ResultSet rows, int columns) throws SQLException {
        String key = rows.getString(1);
        if (key == null || key.isEmpty()) {
            throw new BadQuery("returned a row with an empty key");
        }
        long size = rows.getLong(2);
        if (rows.wasNull() || size < 0) {
            throw new BadQuery("returned no valid size for key '" + key + "' (" + (rows.wasNull() ? "NULL" : size) + ")");
        }
        return new BlobEntry(key, size, columns == 3 ? rows.getString(3) : null);
    }

    private static void visit(BlobVisitor<BlobEntry> visitor, BlobEntry entry) {
        try {
            visitor.visit(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query's shape is wrong; becomes a {@link BlobListingFailure} with the query in its message. */
    private static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message, null, false, false);
        }
    }
}
