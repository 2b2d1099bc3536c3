package relocate.catalog.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        try {
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return withStableText(connection, work);
        } finally {
            try {
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(isolation);
                connection.setReadOnly(readOnly);
            }
        }
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
        set(connection, STABLE_TEXT);
        T result = work.run(connection);
        set(connection, previous); // only reached while the transaction is usable; a failed one is rolled back anyway
        return result;
    }

    private static String currentSettings() {
        StringBuilder sql = new StringBuilder("SELECT ");
        STABLE_TEXT.keySet().forEach(name -> sql.append("current_setting('").append(name).append("'), "));
        sql.setLength(sql.length() - 2);
        return sql.toString();
    }

    // set_config(..., true) is SET LOCAL: it ends with the transaction at the latest.
    private static void set(Connection connection, Map<String, String> settings) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                statement.setString(1, setting.getKey());
                statement.setString(2, setting.getValue());
                statement.execute();
            }
        }
    }

    private static Map<String, String> stableText() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("TimeZone", "UTC");
        settings.put("DateStyle", "ISO, YMD");
        settings.put("IntervalStyle", "postgres");
        settings.put("extra_float_digits", "1");
        settings.put("bytea_output", "hex");
        settings.put("lc_monetary", "C");
        return Collections.unmodifiableMap(settings);
    }
}
