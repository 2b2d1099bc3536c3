package relocate.catalog.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import relocate.catalog.TableName;

class ChunkRangeTest {

    private static final TableName CASES = new TableName("public", "cases");

    @Test
    void describesItsRangeForPeople() {
        assertEquals("public.cases#0 id in [-inf, 100)", new ChunkRange(CASES, 0, "id", null, 100L).describe());
        assertEquals("public.cases#3 id in [300, +inf)", new ChunkRange(CASES, 3, "id", 300L, null).describe());
        assertEquals("public.cases#0 (whole model)", ChunkRange.wholeModel(CASES).describe());
        assertTrue(ChunkRange.wholeModel(CASES).isWholeModel());
        assertEquals("id in [300, +inf)", new ChunkRange(CASES, 3, "id", 300L, null).describeRows());
        assertEquals("whole model", ChunkRange.wholeModel(CASES).describeRows());
    }

    @Test
    void refusesBoundsWithoutAKeyAndEmptyRanges() {
        assertThrows(IllegalArgumentException.class, () -> new ChunkRange(CASES, 0, null, 1L, null));
        assertThrows(IllegalArgumentException.class, () -> new ChunkRange(CASES, 0, "id", 5L, 5L));
        assertThrows(IllegalArgumentException.class, () -> new ChunkRange(CASES, -1, "id", null, null));
    }
}
