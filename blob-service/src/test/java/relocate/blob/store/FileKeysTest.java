package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "acme/docs/report 2024.pdf", "acme/..hidden", "acme/.env", "ünïcode/ключ", "a/b/c/d/e"})
    void plainRelativePathsAreKeys(String key) {
        assertNull(FileKeys.problem(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "acme/../../etc/passwd", "..", "acme/./x", "acme//x", "acme/folder/",
            ".relocate-partial/x", "nul\0char"})
    void pathsThatClimbOutOrAreNotFilesAreRefused(String key) {
        assertNotNull(FileKeys.problem(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "acme/", "acme", "acme/do", "acme/docs/"})
    void prefixesAreFoldersPlusAStart(String prefix) {
        assertNull(FileKeys.prefixProblem(prefix), prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "acme/../x", "/abs/"})
    void prefixesThatClimbOutAreRefused(String prefix) {
        String problem = FileKeys.prefixProblem(prefix);
        assertNotNull(problem, prefix);
        assertTrue(problem.contains("prefix"), problem);
    }
}
