package relocate.catalog.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import relocate.catalog.TableName;

class ModelStatsTest {

    private static final TableName CASES = new TableName("public", "cases");

    @Test
    void addingStatsAddsCountsAndChecksumsModulo2To64() {
        ModelStats a = new ModelStats(CASES, 3, "ffffffffffffffff");
        ModelStats b = new ModelStats(CASES, 2, "0000000000000002");

        assertEquals(new ModelStats(CASES, 5, "0000000000000001"), a.plus(b));
        assertEquals(a, a.plus(ModelStats.empty(CASES)));
        assertEquals(a.plus(b), b.plus(a));
    }

    @Test
    void sameRowsComparesCountAndChecksum() {
        ModelStats stats = new ModelStats(CASES, 3, "00000000000000AB");

        assertEquals("00000000000000ab", stats.checksum());
        assertTrue(stats.sameRows(new ModelStats(CASES, 3, "00000000000000ab")));
        assertFalse(stats.sameRows(new ModelStats(CASES, 4, "00000000000000ab")));
        assertFalse(stats.sameRows(new ModelStats(CASES, 3, "00000000000000ac")));
    }

    @Test
    void rejectsWhatIsNoChecksumAndStatsOfAnotherModel() {
        assertThrows(IllegalArgumentException.class, () -> new ModelStats(CASES, 1, "abc"));
        assertThrows(IllegalArgumentException.class, () -> new ModelStats(CASES, 1, "000000000000000g"));
        assertThrows(IllegalArgumentException.class, () -> new ModelStats(CASES, -1, "0000000000000000"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> ModelStats.empty(CASES).plus(ModelStats.empty(new TableName("public", "users"))));
        assertTrue(other.getMessage().contains("public.users"), other.getMessage());
    }
}
