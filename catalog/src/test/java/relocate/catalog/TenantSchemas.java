package relocate.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Multi-tenant schemas that are not the sample's, for every module's tests: a SaaS application in the style of
 * the public multi-tenant tutorials, whose tenant key is {@code company_id} of a chosen type.
 * <ul>
 *   <li>{@code companies(id)}: the tenant root (its key IS the tenant key; tenant tables reference it), in a cycle with
 *       {@code locations}: its {@code primary_location_id} references a location through a DEFERRABLE key;</li>
 *   <li>{@code campaigns}, {@code ads}, {@code clicks}: composite primary keys {@code (company_id, id)} and composite
 *       foreign keys, so two tenants hold the same {@code id}s;</li>
 *   <li>{@code locations}: a self-referencing tree on a one-column key in which every child has a LOWER id than
 *       its parent (chunks by key range then hold children before their parents);</li>
 *   <li>{@code click_notes}: no primary key and no tenant column, reached through a composite foreign key;</li>
 *   <li>{@code events}: the tenant column and no primary key;</li>
 *   <li>{@code countries}: a global table the tenants reference, created with the schema on every database.</li>
 * </ul>
 * A database may hold several tenants; each tenant's one-column ids ({@code locations}) are offset by its slot.
 */
public final class TenantSchemas {

    /** The tenant column of every tenant table in these schemas. */
    public static final String TENANT_COLUMN = "company_id";

    /** The tables a tenant's rows are in, tenant root first. */
    public static final List<String> TENANT_TABLES = List.of("companies", "campaigns", "ads", "clicks", "locations",
            "click_notes", "events");

    /** A tenant key's type and five tenants' keys of it, as people type them. */
    public enum KeyType {
        TEXT("text", "acme", "globex", "o'hare \"co\"", "initech", "hooli"),
        VARCHAR("character varying(24)", "acme", "globex", "initech", "hooli", "umbrella"),
        INTEGER("integer", "101", "202", "303", "404", "505"),
        BIGINT("bigint", "5000000001", "5000000002", "5000000003", "5000000004", "5000000005"),
        UUID("uuid", "6f1c1d1e-0000-4000-8000-000000000001", "6f1c1d1e-0000-4000-8000-000000000002",
                "6f1c1d1e-0000-4000-8000-000000000003", "6f1c1d1e-0000-4000-8000-000000000004",
                "6f1c1d1e-0000-4000-8000-000000000005");

        private final String sql;
        private final List<String> tenants;

        KeyType(String sql, String... tenants) {
            this.sql = sql;
            this.tenants = List.of(tenants);
        }

        /** The column type as declared. */
        public String sql() {
            return sql;
        }

        /** Tenant {@code slot} (0 to 4) of this key type. */
        public String tenant(int slot) {
            return tenants.get(slot);
        }

        /** A key of this type that no fixture tenant has, for {@code --new-name}. */
        public String unusedTenant() {
            return switch (this) {
                case TEXT, VARCHAR -> "renamed-co";
                case INTEGER -> "909";
                case BIGINT -> "5000000099";
                case UUID -> "6f1c1d1e-0000-4000-8000-000000000099";
            };
        }
    }

    private TenantSchemas() {
    }

    /** Creates the schema with tenant keys of {@code type}, and the global countries. */
    public static void create(Connection connection, KeyType type) throws SQLException {
        TestDatabases.execute(connection, """
                CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
                INSERT INTO countries VALUES ('NL', 'Netherlands'), ('US', 'United States'), ('FR', 'France');
                CREATE TABLE companies (id %1$s PRIMARY KEY, name text NOT NULL,
                                        country_code text NOT NULL REFERENCES countries (code));
                CREATE TABLE campaigns (company_id %1$s NOT NULL REFERENCES companies (id), id bigint NOT NULL,
                                        name text NOT NULL, PRIMARY KEY (company_id, id));
                CREATE TABLE ads (company_id %1$s NOT NULL, id bigint NOT NULL, campaign_id bigint NOT NULL,
                                  title text NOT NULL, PRIMARY KEY (company_id, id),
                                  FOREIGN KEY (company_id, campaign_id) REFERENCES campaigns (company_id, id));
                CREATE TABLE clicks (company_id %1$s NOT NULL, id bigint NOT NULL, ad_id bigint NOT NULL,
                                     clicked_at timestamptz NOT NULL, PRIMARY KEY (company_id, id),
                                     FOREIGN KEY (company_id, ad_id) REFERENCES ads (company_id, id));
                CREATE TABLE locations (id bigint PRIMARY KEY, company_id %1$s NOT NULL REFERENCES companies (id),
                                        parent_id bigint REFERENCES locations (id), name text NOT NULL);
                CREATE TABLE click_notes (click_company %1$s NOT NULL, click_id bigint NOT NULL, note text NOT NULL,
                                          FOREIGN KEY (click_company, click_id) REFERENCES clicks (company_id, id));
                CREATE TABLE events (company_id %1$s NOT NULL REFERENCES companies (id), kind text NOT NULL,
                                     at timestamptz NOT NULL);
                ALTER TABLE companies ADD COLUMN primary_location_id bigint
                    REFERENCES locations (id) DEFERRABLE INITIALLY DEFERRED;
                """.formatted(type.sql()));
    }

    /**
     * Seeds tenant {@code tenant} with about {@code clicks} clicks and the rest in proportion; {@code slot} (0-9)
     * keeps its one-column ids apart from other tenants' in the same database.
     */
    public static void seed(Connection connection, KeyType type, String tenant, int slot, int clicks)
            throws SQLException {
        int campaigns = Math.max(1, clicks / 100);
        int ads = Math.max(1, clicks / 10);
        int locations = Math.max(2, clicks / 10);
        long base = slot * 10_000_000L;
        String key = "CAST(? AS " + type.sql() + ")";
        run(connection, "INSERT INTO companies VALUES (" + key + ", 'company ' || ?, 'NL')", tenant, tenant);
        run(connection, "INSERT INTO campaigns SELECT " + key + ", g, 'campaign ' || g FROM generate_series(1, "
                + campaigns + ") g", tenant);
        run(connection, "INSERT INTO ads SELECT " + key + ", g, 1 + g % " + campaigns + ", 'ad ' || g "
                + "FROM generate_series(1, " + ads + ") g", tenant);
        run(connection, "INSERT INTO clicks SELECT " + key + ", g, 1 + g % " + ads + ", "
                + "timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, " + clicks + ") g", tenant);
        // location k's parent is 2k: every parent has a higher id than its children; the upper half are roots
        run(connection, "INSERT INTO locations SELECT " + base + " + g, " + key + ", NULL, 'location ' || g "
                + "FROM generate_series(1, " + locations + ") g", tenant);
        run(connection, "UPDATE locations SET parent_id = id + (id - " + base + ") WHERE id BETWEEN " + (base + 1)
                + " AND " + (base + locations / 2));
        run(connection, "UPDATE companies SET primary_location_id = " + (base + 1) + " WHERE id = " + key, tenant);
        run(connection, "INSERT INTO click_notes SELECT " + key + ", g, 'note ' || g FROM generate_series(5, "
                + clicks + ", 5) g", tenant);
        run(connection, "INSERT INTO events SELECT " + key + ", 'kind ' || (g % 3), timestamptz '2026-01-01' + "
                + "g * interval '1 hour' FROM generate_series(1, " + Math.max(1, clicks / 10) + ") g", tenant);
    }

    private static void run(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
