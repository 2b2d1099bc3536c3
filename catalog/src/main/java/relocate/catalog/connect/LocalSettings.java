package relocate.catalog.connect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/** Session settings for the current transaction only ({@code SET LOCAL}), values bound, never spliced into SQL. */
public final class LocalSettings {

    private LocalSettings() {
    }

    /** {@code set_config(name, value, true)} for each: it ends with the transaction at the latest. */
    public static void set(Connection connection, Map<String, String> settings) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                statement.setString(1, setting.getKey());
                statement.setString(2, setting.getValue());
                statement.execute();
            }
        }
    }
}
