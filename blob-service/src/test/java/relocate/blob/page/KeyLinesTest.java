package relocate.blob.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyLinesTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme/a.txt", "100%/done", "line\nbreak", "carriage\rreturn", "%0A literally", "ключ/файл",
            "trailing%", " spaced "})
    void everyKeyIsOneLineAndComesBackTheSame(String key) {
        String line = KeyLines.encode(key);
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertEquals(key, KeyLines.decode(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%", "bad%4", "bad%41"})
    void aDamagedLineIsRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> KeyLines.decode(line));
    }
}
