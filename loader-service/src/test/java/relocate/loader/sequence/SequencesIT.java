package relocate.loader.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.TestDatabases;

/** Sequences of a real target, after rows came in with ids of their own (as COPY brings them). */
class SequencesIT {

    /**
     * Besides the application's serials: an identity column, a sequence shared by a domain table and a global
     * one, a sequence counting down, and names that need quoting.
     */
    private static final String EXTRA_SCHEMA = """
            CREATE TABLE visits (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, domain text NOT NULL);
            CREATE SEQUENCE shared_event_ids;
            CREATE TABLE events (id bigint PRIMARY KEY DEFAULT nextval('shared_event_ids'), domain text NOT NULL);
            CREATE TABLE notices (id bigint PRIMARY KEY DEFAULT nextval('shared_event_ids'), body text);
            CREATE SEQUENCE countdown INCREMENT BY -1;
            CREATE TABLE debts (id bigint PRIMARY KEY DEFAULT nextval('countdown'), domain text NOT NULL);
            CREATE SCHEMA "Odd Schema";
            CREATE TABLE "Odd Schema"."We""ird" ("I d" bigserial PRIMARY KEY, domain text NOT NULL);
            """;

    private static int databases;

    @Test
    void everySequenceOfTheDomainEndsPastTheLoadedIds() throws Exception {
        try (Connection target = newTarget()) {
            // as a load leaves them: explicit ids, the sequences untouched (app-data gave users 1..4 and
            // case_attachments 1..2 by hand too)
            TestDatabases.execute(target, """
                    INSERT INTO visits (id, domain) OVERRIDING SYSTEM VALUE VALUES (500, 'alpha'), (7, 'beta');
                    INSERT INTO events (id, domain) VALUES (70, 'alpha');
                    INSERT INTO notices (id, body) VALUES (90, 'a global row drawn from the same sequence');
                    INSERT INTO debts (id, domain) VALUES (-50, 'alpha'), (-3, 'beta');
                    INSERT INTO "Odd Schema"."We""ird" ("I d", domain) VALUES (12, 'alpha');
                    """);
            DomainModel model = DomainCatalog.read(target, "domain");

            List<SequenceAdvance> moved = Sequences.advance(target, model);

            Map<String, SequenceAdvance> bySequence = moved.stream()
                    .collect(Collectors.toMap(SequenceAdvance::sequence, m -> m));
            assertEquals(new SequenceAdvance("public.users_id_seq", 1, 5, List.of("public.users.id")),
                    bySequence.get("public.users_id_seq"));
            assertEquals(new SequenceAdvance("public.shared_event_ids", 1, 91,
                    List.of("public.events.id", "public.notices.id")), bySequence.get("public.shared_event_ids"));
            assertEquals(new SequenceAdvance("public.countdown", -1, -51, List.of("public.debts.id")),
                    bySequence.get("public.countdown"));
            assertEquals(List.of("Odd Schema.We\"ird_I d_seq", "public.case_attachments_id_seq",
                    "public.countdown", "public.location_types_id_seq", "public.locations_id_seq",
                    "public.shared_event_ids", "public.users_id_seq", "public.visits_id_seq"),
                    moved.stream().map(SequenceAdvance::sequence).toList(),
                    "case_indices and ledger_values drew their ids from their sequences: already past; "
                            + "countries is global, not the domain's");

            assertEquals(5, nextval(target, "users_id_seq"));
            assertEquals(501, nextval(target, "visits_id_seq"));
            assertEquals(91, nextval(target, "shared_event_ids"));
            assertEquals(-51, nextval(target, "countdown"));
            assertEquals(13, nextval(target, "\"Odd Schema\".\"We\"\"ird_I d_seq\""));
            assertEquals(3, nextval(target, "case_attachments_id_seq"));
            assertEquals(5, nextval(target, "case_indices_id_seq"), "not moved: 4 rows drawn from it");
            assertEquals(1, nextval(target, "countries_id_seq"), "a global table's sequence is not the domain's");
            // and the application's next inserts succeed
            TestDatabases.execute(target, """
                    INSERT INTO users (domain, username) VALUES ('gamma', 'eve');
                    INSERT INTO visits (domain) VALUES ('gamma');
                    INSERT INTO notices (body) VALUES ('next');
                    INSERT INTO events (domain) VALUES ('gamma');
                    INSERT INTO debts (domain) VALUES ('gamma');
                    """);
        }
    }

    @Test
    void aSequenceAlreadyPastTheIdsIsNeverMovedBack() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, """
                    SELECT setval('users_id_seq', 1000);
                    SELECT setval('shared_event_ids', 90, false); -- next is 90, one id is 89: past, just
                    INSERT INTO events (id, domain) VALUES (89, 'alpha');
                    SELECT setval('visits_id_seq', 40, true); -- next is 41, the highest id is 40: past, just
                    INSERT INTO visits (id, domain) OVERRIDING SYSTEM VALUE VALUES (40, 'alpha');
                    """);
            DomainModel model = DomainCatalog.read(target, "domain");

            List<String> moved = Sequences.advance(target, model).stream().map(SequenceAdvance::sequence).toList();

            assertTrue(!moved.contains("public.users_id_seq") && !moved.contains("public.shared_event_ids")
                    && !moved.contains("public.visits_id_seq"), moved.toString());
            assertEquals(1001, nextval(target, "users_id_seq"));
            assertEquals(90, nextval(target, "shared_event_ids"));
            assertEquals(41, nextval(target, "visits_id_seq"));
            assertEquals(List.of(), Sequences.advance(target, model), "a second run has nothing to move");
        }
    }

    @Test
    void aSequenceWhoseNextValueIsTheHighestIdIsMoved() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, """
                    SELECT setval('users_id_seq', 4, false); -- next is 4, which users already holds
                    SELECT setval('visits_id_seq', 39, true); -- next is 40, which visits already holds
                    INSERT INTO visits (id, domain) OVERRIDING SYSTEM VALUE VALUES (40, 'alpha');
                    """);

            List<SequenceAdvance> moved = Sequences.advance(target, DomainCatalog.read(target, "domain"));

            assertTrue(moved.contains(new SequenceAdvance("public.users_id_seq", 4, 5, List.of("public.users.id"))),
                    moved.toString());
            assertTrue(moved.contains(new SequenceAdvance("public.visits_id_seq", 40, 41, List.of("public.visits.id"))),
                    moved.toString());
            assertEquals(5, nextval(target, "users_id_seq"));
            assertEquals(41, nextval(target, "visits_id_seq"));
        }
    }

    @Test
    void anotherDomainsHigherIdsCountToo() throws Exception {
        try (Connection target = newTarget()) {
            // alpha was loaded with ids up to 4; beta, which shares the table and the sequence, holds 900
            TestDatabases.execute(target, "INSERT INTO users (id, domain, username) VALUES (900, 'beta', 'zed');");

            Sequences.advance(target, DomainCatalog.read(target, "domain"));

            assertEquals(901, nextval(target, "users_id_seq"));
        }
    }

    @Test
    void aSequenceTooNarrowForTheIdsFailsWithWhatToDo() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, """
                    ALTER SEQUENCE users_id_seq MAXVALUE 100;
                    INSERT INTO users (id, domain, username) VALUES (150, 'alpha', 'big');
                    """);

            SequenceFailure failure = assertThrows(SequenceFailure.class,
                    () -> Sequences.advance(target, DomainCatalog.read(target, "domain")));

            assertTrue(failure.getMessage().contains("public.users_id_seq")
                    && failure.getMessage().contains("150") && failure.getMessage().contains("ALTER SEQUENCE"),
                    failure.getMessage());
            assertTrue(target.getAutoCommit(), "the connection is given back as it came");
        }
    }

    private static Connection newTarget() throws Exception {
        Connection target = TestDatabases.connect(TestDatabases.create("sequences_target_" + (++databases)));
        TestDatabases.runScript(target, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(target, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(target, EXTRA_SCHEMA);
        return target;
    }

    private static long nextval(Connection connection, String sequence) throws SQLException {
        return TestDatabases.queryLong(connection, "SELECT nextval(?::regclass)", sequence);
    }
}
