package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartSizesTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void blobsUpTo16MiBGoUpInOneRequest() {
        assertFalse(PartSizes.multipart(0));
        assertFalse(PartSizes.multipart(16 * MIB));
        assertTrue(PartSizes.multipart(16 * MIB + 1));
    }

    @Test
    void partsAre16MiBUntilTenThousandWouldNotBeEnough() {
        assertEquals(16 * MIB, PartSizes.partSize(21_000_000));
        assertEquals(2, PartSizes.parts(21_000_000));
        assertEquals(16 * MIB, PartSizes.partSize(10_000 * 16 * MIB));
        assertEquals(10_000, PartSizes.parts(10_000 * 16 * MIB));
        long big = 10_000 * 16 * MIB + 1;
        assertEquals(17 * MIB, PartSizes.partSize(big));
        long fiveTiB = 5 * 1024 * 1024 * MIB;
        assertTrue(PartSizes.parts(fiveTiB) <= 10_000);
        assertEquals(0, PartSizes.partSize(fiveTiB) % MIB);
        assertThrows(IllegalArgumentException.class, () -> PartSizes.partSize(fiveTiB + 1));
    }
}
