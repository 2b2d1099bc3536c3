package relocate.cli.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of create and run as picocli parses them; nothing is sent. */
class CommandLineTest {

    private static CreateCommand create(String... args) {
        CreateCommand c = new CreateCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static RunCommand run(String... args) {
        RunCommand r = new RunCommand();
        new CommandLine(r).parseArgs(args);
        return r;
    }

    @Test
    void createFlagsBecomeTheApisOptionKeys() {
        Map<String, String> options = create("acme", "--from", "eu", "--to", "us",
                "--include", "public.cases,public.notes", "--include", "audit.*", "--exclude", "public.tmp_*",
                "--group", "core", "--group", "archive,files", "--object-filter", "^public\\.", "--chunk-rows", "1000",
                "--new-name", "acme2", "--freeze-webhook", "https://app.example/maintenance", "--run",
                "--option", "rehearsal=false").options();
        assertEquals(Map.of("include", "public.cases,public.notes,audit.*", "exclude", "public.tmp_*",
                "groups", "core,archive,files", "object-filter", "^public\\.", "chunk-rows", "1000",
                "new-name", "acme2", "freeze-webhook", "https://app.example/maintenance", "run", "true",
                "rehearsal", "false"), options);
    }

    @Test
    void flagsLeftOutAreNotSent() {
        assertEquals(Map.of(), create("acme", "--from", "eu", "--to", "us").options());
        assertEquals(Map.of("rehearsal", "true"), create("acme", "--from", "eu", "--to", "us", "--rehearsal").options());
    }

    @Test
    void anOptionGivenAsFlagAndAsKeyValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create("acme", "--from", "eu", "--to", "us", "--chunk-rows", "10", "--option", "chunk-rows=20")
                        .options());
        assertTrue(e.getMessage().contains("--chunk-rows"), e.getMessage());
    }

    @Test
    void runGoesUpToTheStepOfItsFlag() {
        assertNull(run("m-1").until);
        assertEquals("STATS", run("m-1", "--prepare").until.step());
        assertEquals("VERIFY", run("m-1", "--data").until.step());
        assertEquals("COMMIT", run("m-1", "--finalize").until.step());
    }

    @Test
    void runTakesOneOfItsFlagsAtMost() {
        assertThrows(CommandLine.MutuallyExclusiveArgsException.class, () -> run("m-1", "--prepare", "--data"));
    }
}
