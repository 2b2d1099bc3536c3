package relocate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindBinariesTest {

    @Test
    void aMissingNamedNamesThePackagesToInstallWhenNotRoot() {
        StackException e = assertThrows(StackException.class,
                () -> BindBinaries.locate(false, Optional::empty, () -> fail("only root installs")));

        assertTrue(e.getMessage().contains("apt-get install -y bind9 bind9-utils bind9-dnsutils"), e.getMessage());
    }

    @Test
    void rootInstallsAMissingNamedAndUsesIt() {
        List<String> installed = new ArrayList<>();
        Path named = Path.of("/usr/sbin/named");

        Path found = BindBinaries.locate(true, () -> installed.isEmpty() ? Optional.empty() : Optional.of(named),
                () -> installed.add("bind9"));

        assertEquals(named, found);
        assertEquals(List.of("bind9"), installed);
    }

    @Test
    void anInstallThatLeavesNoNamedFailsSayingSo() {
        StackException e = assertThrows(StackException.class,
                () -> BindBinaries.locate(true, Optional::empty, () -> { }));

        assertTrue(e.getMessage().contains("still not found"), e.getMessage());
    }
}
