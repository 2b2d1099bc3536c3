package relocate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelocateHomeTest {

    @TempDir
    Path temp;

    @Test
    void systemPropertyWinsOverEnvironmentAndWorkingDirectory() throws IOException {
        Path fromProperty = Files.createDirectories(temp.resolve("property"));
        Path fromEnv = Files.createDirectories(temp.resolve("env"));

        assertEquals(fromProperty, RelocateHome.find(fromProperty.toString(), fromEnv.toString(), temp));
        assertEquals(fromEnv, RelocateHome.find(null, fromEnv.toString(), temp));
    }

    @Test
    void walksUpToTheFolderHoldingTheBrokerModule() throws IOException {
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo.resolve("stack-broker"));
        Files.writeString(repo.resolve("stack-broker/pom.xml"), "<project/>");
        Path deep = Files.createDirectories(repo.resolve("cli/src/main"));

        assertEquals(repo, RelocateHome.find(null, "", deep));
    }

    @Test
    void noHomeFoundNamesBothWaysToSetIt() {
        StackException e = assertThrows(StackException.class, () -> RelocateHome.find(null, null, temp));

        assertTrue(e.getMessage().contains("relocate.home") && e.getMessage().contains("RELOCATE_HOME"),
                e.getMessage());
    }

    @Test
    void aMissingRunnablePieceNamesTheFileAndTheBuildCommand() {
        Path jar = temp.resolve("stack-registry/target/missing-runner.jar");

        StackException e = assertThrows(StackException.class, () -> RelocateHome.requireBuilt(jar, "The registry jar"));

        assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(RelocateHome.BUILD_COMMAND), e.getMessage());
    }
}
