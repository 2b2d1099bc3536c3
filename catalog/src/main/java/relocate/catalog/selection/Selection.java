package relocate.catalog.selection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import relocate.catalog.Sql;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.fk.ForeignKey;

/**
 * How the rows of one domain are found in one model (table).
 *
 * <p>{@link #fromWhere()} gives {@code FROM <table> t WHERE <predicate>}, with the table aliased
 * {@code t} so that a caller can write {@code SELECT count(*) } or {@code SELECT t."id", ...} in front of
 * it. The domain is never part of the text: the fragment has {@link #parameterCount()} {@code ?}
 * placeholders, each of which takes the domain (see {@link #bindDomain}).
 */
public sealed interface Selection permits ByTenantColumn, ThroughForeignKeys {

    /** The model whose rows this selects. */
    TableName table();

    /** The column, of this table or of the last table of the path, compared with the domain, and its type. */
    TenantKey tenantKey();

    /**
     * The model's columns, other than the one it selects by, that hold a domain's key: those a foreign key pairs
     * with a parent's key column ({@code click_notes.click_company} in {@code (click_company, click_id) ->
     * clicks (company_id, id)}). {@code --new-name} rewrites them where they hold the domain's key, and checksums
     * read them the same way, or a renamed domain's rows would still point at its old key.
     */
    Set<String> keyCopies();

    /** {@code FROM "public"."cases" t WHERE t."domain" = CAST(? AS text)}. */
    String fromWhere();

    /**
     * The domain's rows in one chunk: {@code FROM <table> t WHERE <predicate> [AND <key> >= ?] [AND <key> < ?]}, a
     * bound that is null left open (a whole-model chunk adds none). Bind with {@link #bindDomainAndRange}. Each
     * selection's predicate is one test (= or IN), so AND narrows it without parentheses. Callers go through
     * {@link relocate.catalog.Model#fromWhere}, which knows the key: {@code keyFollowsTenant} says that the range's key
     * follows the tenant column in the primary key ({@code (company_id, id)}), when the plain tenant test lets that
     * index serve the whole predicate, where {@link #fromWhereInKeyRange()}'s form would scan every tenant's rows.
     */
    default String fromWhere(ChunkRange chunk, boolean keyFollowsTenant) {
        if (chunk.lo() == null && chunk.hi() == null) {
            return fromWhere();
        }
        StringBuilder sql = new StringBuilder(keyFollowsTenant ? fromWhere() : fromWhereInKeyRange());
        if (chunk.lo() != null) {
            sql.append(" AND ").append(Sql.column("t", chunk.keyColumn())).append(" >= ?");
        }
        if (chunk.hi() != null) {
            sql.append(" AND ").append(Sql.column("t", chunk.keyColumn())).append(" < ?");
        }
        return sql.toString();
    }

    /**
     * {@link #fromWhere()} for a query that ANDs a range of the model's key after it (one chunk, see
     * {@link #fromWhere(ChunkRange, boolean)}): the same rows and placeholders, written so that the planner reaches them
     * through the key's range. On a target whose statistics predate the load, an index on the tenant column looks
     * as selective as the range (the domain is unknown to them), and a chunk read through it reads every row of the
     * domain loaded so far: each chunk slower than the one before it.
     */
    default String fromWhereInKeyRange() {
        return fromWhere();
    }

    /** How many {@code ?} placeholders {@link #fromWhere()} holds; each one takes the domain. */
    int parameterCount();

    /** For people: {@code domain = ?} or {@code via case_id -> public.cases}. */
    String describe();

    /**
     * Every table the predicate reads and the columns it needs from each, the model itself included:
     * another database can run this selection only if it has all of them.
     */
    Map<TableName, Set<String>> requiredColumns();

    /** The foreign keys walked from the model to the table holding the tenant column; empty for a direct selection. */
    List<ForeignKey> path();

    /**
     * Binds the domain to each placeholder, starting at {@code firstIndex}; returns the index of the
     * next free placeholder, so that a caller's own parameters can follow.
     */
    default int bindDomain(PreparedStatement statement, int firstIndex, String domain) throws SQLException {
        int index = firstIndex;
        for (int i = 0; i < parameterCount(); i++) {
            statement.setString(index++, domain);
        }
        return index;
    }

    /** Binds {@link #fromWhere(ChunkRange, boolean)}'s placeholders: the domain's, then the chunk's bounds that are set. */
    default int bindDomainAndRange(PreparedStatement statement, int firstIndex, String domain, ChunkRange chunk)
            throws SQLException {
        int index = bindDomain(statement, firstIndex, domain);
        if (chunk.lo() != null) {
            statement.setLong(index++, chunk.lo());
        }
        if (chunk.hi() != null) {
            statement.setLong(index++, chunk.hi());
        }
        return index;
    }
}
