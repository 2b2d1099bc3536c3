package relocate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindServerTest {

    @TempDir
    Path state;

    @Test
    void theKeyIsMadeOnceAndKeptPrivate() throws IOException {
        String first = new BindServer(state, 20053).dnsEndpoint().keySecret();

        new BindServer(state, 20054).prepare();

        assertEquals(first, new BindServer(state, 20054).dnsEndpoint().keySecret());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve("dns/tsig.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("dns"))));
    }

    @Test
    void theConfigListensOnLoopbackOnlyAndLetsOnlyTheKeyUpdateTheZone() throws IOException {
        new BindServer(state, 20053).prepare();

        String config = Files.readString(state.resolve("dns/named.conf"));
        assertTrue(config.contains("listen-on port 20053 { 127.0.0.1; };"), config);
        assertTrue(config.contains("listen-on-v6 { none; };"), config);
        assertTrue(config.contains("recursion no;"), config);
        assertTrue(config.contains("controls { };"), config);
        assertTrue(config.contains("allow-update { key \"relocate-stack\"; };"), config);
        assertTrue(config.contains("directory \"" + state.resolve("dns") + "\";"), config);
    }

    @Test
    void theZoneFileIsSeededOnceSoThatItsJournalStaysValid() throws IOException {
        new BindServer(state, 20053).prepare();
        Path zone = state.resolve("dns/relocate.test.zone");
        String seeded = Files.readString(zone);
        assertTrue(seeded.contains("acme.apps   300   CNAME env-a.relocate.test."), seeded);
        Files.writeString(zone, seeded + "changed.apps 60 CNAME env-b.relocate.test.\n");

        new BindServer(state, 20054).prepare(); // a restart on another port

        assertTrue(Files.readString(zone).contains("changed.apps"));
        assertTrue(Files.readString(state.resolve("dns/named.conf")).contains("listen-on port 20054 "));
    }

    @Test
    void anEnforcedAppArmorProfileForNamedIsRecognised() {
        assertTrue(BindServer.confinesNamed(List.of("man_groff (enforce)", "named (enforce)")));
        assertTrue(BindServer.confinesNamed(List.of("/usr/sbin/named (enforce)")));
        assertFalse(BindServer.confinesNamed(List.of("named (complain)", "man_filter (enforce)")));
        assertFalse(BindServer.confinesNamed(List.of()));
    }
}
