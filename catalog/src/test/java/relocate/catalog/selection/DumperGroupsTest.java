package relocate.catalog.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DumperGroupsTest {

    private static String rejection(String text) {
        return assertThrows(IllegalArgumentException.class, () -> DumperGroups.parse(text)).getMessage();
    }

    @Test
    void parsesNamedPatternListsIgnoringWhitespaceAndEmptyEntries() {
        DumperGroups groups = DumperGroups.parse(" core = users, location* ; cases=cases,case_indices;");

        assertEquals(Set.of("core", "cases"), groups.names());
        assertEquals(List.of("users", "location*"), groups.patterns("core"));
        assertEquals(List.of("cases", "case_indices"), groups.patterns("cases"));
        assertEquals(new DumperGroups(Map.of("core", List.of("users", "location*"),
                "cases", List.of("cases", "case_indices"))), groups);
    }

    @Test
    void nullOrBlankTextDefinesNoGroups() {
        assertEquals(DumperGroups.none(), DumperGroups.parse(null));
        assertEquals(DumperGroups.none(), DumperGroups.parse(" ; "));
        assertEquals("there is no dumper group 'core'; no groups are defined",
                assertThrows(IllegalArgumentException.class, () -> DumperGroups.none().patterns("core")).getMessage());
    }

    @Test
    void entriesThatDoNotFollowTheSyntaxAreNamed() {
        assertTrue(rejection("core=users;cases").startsWith("dumper group entry 'cases' has no '='; write groups as"));
        assertTrue(rejection("=users").startsWith("dumper group name '' is not valid"));
        assertTrue(rejection("my core=users").startsWith("dumper group name 'my core' is not valid"));
        assertTrue(rejection("core=").startsWith("dumper group 'core' has an empty pattern"));
        assertTrue(rejection("core=users,,locations").startsWith("dumper group 'core' has an empty pattern"));
        assertEquals("dumper group 'core' is defined twice; give each group once", rejection("core=users;core=cases"));
    }

    @Test
    void aMapIsCheckedLikeText() {
        assertThrows(IllegalArgumentException.class, () -> new DumperGroups(Map.of("core", List.of())));
        assertThrows(IllegalArgumentException.class, () -> new DumperGroups(Map.of("core", List.of(" "))));
        assertThrows(IllegalArgumentException.class, () -> new DumperGroups(Map.of("a=b", List.of("users"))));
    }
}
