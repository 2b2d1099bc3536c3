package relocate.coordinator.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import relocate.catalog.selection.DumperGroups;

class MigrationOptionsTest {
    private static final DumperGroups GROUPS = DumperGroups.parse("core=users,location*;cases=cases,case_indices");

    @Test
    void defaultsAreEveryModelAndTheDefaultChunkSize() {
        MigrationOptions o = MigrationOptions.parse(Map.of(), GROUPS);
        assertEquals(List.of(), o.include());
        assertEquals(MigrationOptions.DEFAULT_CHUNK_ROWS, o.chunkRows());
        assertFalse(o.rehearsal());
        assertFalse(o.run());
    }

    @Test
    void groupsAddTheirPatternsToTheInclude() {
        MigrationOptions o = MigrationOptions.parse(Map.of("groups", "cases", "include", "forms"), GROUPS);
        assertEquals(List.of("forms", "cases", "case_indices"), o.include());
    }

    @Test
    void badOptionsAreRefusedWithWhatToGive() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> MigrationOptions.parse(Map.of("chunk-size", "10"), GROUPS)).getMessage();
        assertTrue(unknown.contains("chunk-size") && unknown.contains("chunk-rows"), unknown);
        String rows = assertThrows(IllegalArgumentException.class,
                () -> MigrationOptions.parse(Map.of("chunk-rows", "-5"), GROUPS)).getMessage();
        assertTrue(rows.contains("positive"), rows);
        String regex = assertThrows(IllegalArgumentException.class,
                () -> MigrationOptions.parse(Map.of("object-filter", "(cases"), GROUPS)).getMessage();
        assertTrue(regex.contains("(cases"), regex);
        String group = assertThrows(IllegalArgumentException.class,
                () -> MigrationOptions.parse(Map.of("groups", "ledger"), GROUPS)).getMessage();
        assertTrue(group.contains("core") && group.contains("cases"), group);
        assertThrows(IllegalArgumentException.class,
                () -> MigrationOptions.parse(Map.of("rehearsal", "yes"), GROUPS));
        assertThrows(IllegalArgumentException.class, () -> MigrationOptions.parse(
                Map.of("rehearsal", "true", "freeze-webhook", "http://app/freeze"), GROUPS));
    }

    @Test
    void theWebhookIsStoredSealedAndReadBackAsStored() {
        MigrationOptions o = MigrationOptions.parse(Map.of("freeze-webhook", "https://app/f?token=s3cret",
                "new-name", "acme2", "run", "true"), GROUPS);
        Map<String, String> stored = o.toMap("SEALED");
        assertEquals("SEALED", stored.get("freeze-webhook"));
        assertFalse(stored.toString().contains("s3cret"));
        MigrationOptions back = MigrationOptions.stored(stored);
        assertEquals("SEALED", back.freezeWebhook());
        assertEquals("acme2", back.newName());
        assertTrue(back.run());
    }
}
