package relocate.coordinator.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import relocate.coordinator.Coordinators;
import relocate.coordinator.store.StoredJson;
import relocate.coordinator.workflow.Settings;
import relocate.coordinator.workflow.Work;
import relocate.schemas.Step;

/**
 * Migrations stored by older versions of the coordinator read as whole Work once Flyway has run: before V2
 * no work was kept, before V4 it had no blob and DNS fields.
 */
class StoredWorkIT {

    @Test
    void workStoredByOlderVersionsIsCompletedByTheSchemaMigration() throws Exception {
        Coordinators.createDatabase("stored_work");
        String url = Coordinators.stack().jdbcUrl("stored_work");
        flyway(url, "1").migrate();
        try (Connection c = Coordinators.connect("stored_work")) {
            insert(c, "before-v2-ready", "READY", "COMPLETED", 2);
            insert(c, "before-v2-new", "UNKNOWN", "PENDING", 0);
        }
        flyway(url, "3").migrate();
        try (Connection c = Coordinators.connect("stored_work"); var s = c.createStatement()) {
            s.execute("INSERT INTO migration (id, domain, source_env, target_env, state, step, step_state, attempt, "
                    + "options, work, created_at, updated_at, version) VALUES ('before-v4', 'd3', 'a', 'b', 'READY', "
                    + "'PREFLIGHT', 'COMPLETED', 1, '{}', '{\"settings\":{\"rehearsal\":false,\"objectFilter\":null},"
                    + "\"until\":\"COMMIT\",\"models\":[],\"chunks\":[],\"dispatched\":[\"\"],\"done\":[\"\"],"
                    + "\"failed\":[],\"repair\":[],\"undo\":[],\"attempts\":{\"PREFLIGHT\":1}}', now(), now(), 0)");
        }
        flyway(url, null).migrate();

        Work ready = StoredJson.read(work("before-v2-ready"), Work.class, "work");
        // its preflight was sent and answered, as attempt 2: a retry is attempt 3, and a late answer is stale
        assertEquals(new Work(Settings.DEFAULT, Step.PREFLIGHT, List.of(), List.of(), Set.of(""), Set.of(""), Set.of(),
                List.of(), List.of(), Map.of(Step.PREFLIGHT, 2), 0, List.of(), Map.of(), false), ready);
        assertEquals(Work.of(Settings.DEFAULT, Step.PREFLIGHT), StoredJson.read(work("before-v2-new"), Work.class, "work"));

        Work v3 = StoredJson.read(work("before-v4"), Work.class, "work");
        assertEquals(Work.of(Settings.DEFAULT, Step.COMMIT).attempts().size() + 1, v3.attempts().size());
        assertEquals(List.of(), v3.blobRepair());
        assertEquals(Map.of(), v3.side());
        assertEquals(false, v3.settings().blobs());
        assertEquals(Set.of(""), v3.done());
    }

    private static Flyway flyway(String url, String target) {
        var config = Flyway.configure().dataSource(url, Coordinators.stack().postgresUser(), "")
                .locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private static void insert(Connection c, String id, String state, String stepState, int attempt) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration (id, domain, source_env, target_env, "
                + "state, step, step_state, attempt, options, created_at, updated_at, version) "
                + "VALUES (?, ?, 'a', 'b', ?, 'PREFLIGHT', ?, ?, '{}', now(), now(), 0)")) {
            ps.setString(1, id);
            ps.setString(2, id);
            ps.setString(3, state);
            ps.setString(4, stepState);
            ps.setInt(5, attempt);
            ps.executeUpdate();
        }
    }

    private static String work(String id) throws Exception {
        try (Connection c = Coordinators.connect("stored_work");
             PreparedStatement ps = c.prepareStatement("SELECT work FROM migration WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}
