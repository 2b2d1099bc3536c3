package relocate.catalog.stats;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import relocate.catalog.connect.LocalSettings;
import relocate.catalog.connect.ReadOnlyTransaction;

/**
 * Where stats are computed: one snapshot, and session settings under which a value always prints the
 * same text.
 *
 * <p>On a connection in auto-commit mode the work runs in a READ ONLY, REPEATABLE READ transaction of
 * its own that is rolled back, so every model is counted on one snapshot and the server refuses any
 * write. On a connection already in a transaction (a dumper holding an exported snapshot, say) the work
 * runs in that transaction and on its snapshot. Either way, the settings that change how values print
 * are set for the work and restored afterwards; the connection's own flags are restored as well.
 */
final class StatsTransaction {

    /**
     * Settings that change a value's text: {@code timestamptz} follows TimeZone, dates follow DateStyle,
     * intervals IntervalStyle, floats extra_float_digits (above 0: the shortest text that reads back
     * exactly), {@code bytea} bytea_output, {@code money} lc_monetary. Source and target sessions may
     * differ in any of them, equal values must not.
     */
    private static final Map<String, String> STABLE_TEXT = stableText();

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private StatsTransaction() {
    }

    static <T> T run(Connection connection, Work<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return withStableText(connection, work);
        }
        return ReadOnlyTransaction.run(connection, c -> withStableText(c, work));
    }

    private static <T> T withStableText(Connection connection, Work<T> work) throws SQLException {
        Map<String, String> previous = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet values = statement.executeQuery(currentSettings())) {
            values.next();
            int column = 1;
            for (String name : STABLE_TEXT.keySet()) {
                previous.put(name, values.getString(column++));
            }
        }
        LocalSettings.set(connection, STABLE_TEXT);
        T result = work.run(connection);
        LocalSettings.set(connection, previous); // only reached while the transaction is usable; a failed one is rolled back anyway
        return result;
    }

    private static String currentSettings() {
        StringBuilder sql = new StringBuilder("SELECT ");
        STABLE_TEXT.keySet().forEach(name -> sql.append("current_setting('").append(name).append("'), "));
        sql.setLength(sql.length() - 2);
        return sql.toString();
    }

    private static Map<String, String> stableText() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("TimeZone", "UTC");
        settings.put("DateStyle", "ISO, YMD");
        settings.put("IntervalStyle", "postgres");
        settings.put("extra_float_digits", "1");
        settings.put("bytea_output", "hex");
        settings.put("lc_monetary", "C");
        // not about text: a checksum is one md5 per row, CPU-bound, and the scan of a large model pays for
        // parallel workers (on a 2-core machine, half the time); the defaults keep it serial below ~8 MB and
        // price worker start-up for short OLTP queries, not for one aggregate over a whole domain
        settings.put("parallel_setup_cost", "100");
        settings.put("parallel_tuple_cost", "0.001");
        settings.put("min_parallel_table_scan_size", "1MB");
        settings.put("min_parallel_index_scan_size", "64kB");
        return Collections.unmodifiableMap(settings);
    }
}
