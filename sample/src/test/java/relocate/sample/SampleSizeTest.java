package relocate.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SampleSizeTest {

    @ParameterizedTest
    @CsvSource({"1m, 1000000", "10m, 10000000", "250k, 250000", "1500, 1500", "2G, 2000000000", " 3K , 3000",
            "0, 0"})
    void countsTakeDecimalSuffixes(String text, long expected) {
        assertEquals(expected, SampleSize.count(text));
    }

    @ParameterizedTest
    @CsvSource({"64k, 65536", "1m, 1048576", "1g, 1073741824", "512, 512", "1M, 1048576"})
    void byteSizesTakeBinarySuffixes(String text, long expected) {
        assertEquals(expected, SampleSize.bytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5m", "", "m", "-5", "12x", "1 m", "10mb"})
    void aBadCountNamesItselfAndTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleSize.count(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("250k"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"64kb", "1,5m", "k"})
    void aBadByteSizeNamesItselfAndTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleSize.bytes(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("64k"), e.getMessage());
    }

    @Test
    void aCountTooLargeIsRefusedNotWrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleSize.count("99999999999999g"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampleSize.count(null));
    }
}
