package relocate.cli.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewFileTest {

    @Test
    void anExistingFileADirectoryAndAMissingDirectoryAreRefusedBeforeAnythingIsWritten(@TempDir Path dir)
            throws Exception {
        Path existing = Files.writeString(dir.resolve("acme.zip"), "an earlier dump");

        IllegalArgumentException overwrite = assertThrows(IllegalArgumentException.class, () -> NewFile.require(existing));
        assertTrue(overwrite.getMessage().contains("exists: Relocate does not overwrite"), overwrite.getMessage());
        assertEquals("an earlier dump", Files.readString(existing));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NewFile.require(dir)).getMessage()
                .contains("is a directory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NewFile.require(dir.resolve("no/acme.zip")))
                .getMessage().contains("does not exist"));
        assertEquals(dir.resolve("new.zip"), NewFile.require(dir.resolve("new.zip")));
    }
}
