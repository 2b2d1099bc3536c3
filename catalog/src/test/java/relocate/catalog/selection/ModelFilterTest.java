package relocate.catalog.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.catalog.selection.TestDomain.name;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import relocate.catalog.DomainModel;
import relocate.catalog.TableName;

class ModelFilterTest {

    private static final TableName CASES = name("public.cases");
    private static final TableName CASE_INDICES = name("public.case_indices");
    private static final TableName USERS = name("public.users");
    private static final TableName AUDIT_CASES = name("audit.cases");

    private static ModelFilter including(String... patterns) {
        return ModelFilter.parse(List.of(patterns), List.of(), null);
    }

    private static List<TableName> dumped(ModelFilter filter) {
        return List.of(CASES, CASE_INDICES, USERS, AUDIT_CASES).stream().filter(filter::dumps).toList();
    }

    @Test
    void anEmptyIncludeDumpsAndLoadsEveryModel() {
        ModelFilter filter = ModelFilter.parse(null, null, null);

        assertEquals(List.of(CASES, CASE_INDICES, USERS, AUDIT_CASES), dumped(filter));
        assertTrue(filter.loads(CASE_INDICES));
        assertEquals(ModelFilter.everything(), filter);
    }

    @Test
    void globsMatchTheBareOrTheQualifiedName() {
        assertEquals(List.of(CASES, AUDIT_CASES), dumped(including("cases")));
        assertEquals(List.of(CASES, CASE_INDICES, AUDIT_CASES), dumped(including("case*")));
        assertEquals(List.of(CASES, CASE_INDICES), dumped(including("public.case*")));
        assertEquals(List.of(CASES, AUDIT_CASES), dumped(including("*.cases")));
        assertEquals(List.of(AUDIT_CASES), dumped(including("audit.*")));
        assertEquals(List.of(CASE_INDICES), dumped(including("case_?ndices")));
        assertEquals(List.of(USERS, AUDIT_CASES), dumped(including("users", "audit.cases")));
    }

    @Test
    void onlyStarAndQuestionMarkAreWildcards() {
        assertFalse(including("public.cases").dumps(name("publicX.cases")));
        assertFalse(including("case_indices").dumps(name("public.caseXindices")));
        assertFalse(including("cases").dumps(name("public.cases2")));
        assertFalse(including("Cases").dumps(CASES));
        assertTrue(including("cases+[1]").dumps(name("public.cases+[1]")));
    }

    @Test
    void excludeWinsOverInclude() {
        ModelFilter filter = ModelFilter.parse(List.of("public.*"), List.of("case_indices"), null);

        assertEquals(List.of(CASES, USERS), dumped(filter));
        assertEquals(List.of(CASES, USERS), dumped(ModelFilter.parse(List.of(), List.of("case_*", "audit.*"), null)));
    }

    @Test
    void theObjectFilterIsFoundAnywhereInTheQualifiedNameAndOnlyNarrowsLoading() {
        ModelFilter filter = ModelFilter.parse(List.of(), List.of("users"), "indices$");

        assertTrue(filter.dumps(CASES));
        assertFalse(filter.loads(CASES));
        assertTrue(filter.loads(CASE_INDICES));
        assertTrue(ModelFilter.parse(null, null, "^public\\.case").loads(CASES));
        assertFalse(ModelFilter.parse(null, null, "^public\\.case").loads(AUDIT_CASES));
        assertTrue(ModelFilter.parse(null, null, "dit.ca").loads(AUDIT_CASES));
        // a model that is not dumped is not loaded, whatever the object filter says
        assertFalse(ModelFilter.parse(null, List.of("users"), "users").loads(USERS));
    }

    @Test
    void aBlankObjectFilterMeansNoneAndPatternsAreTrimmed() {
        ModelFilter filter = ModelFilter.parse(List.of(" cases "), List.of(" users"), "  ");

        assertEquals(new ModelFilter(List.of("cases"), List.of("users"), null), filter);
    }

    @Test
    void anInvalidObjectFilterIsNamedWithWhatIsWrongAndAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFilter.parse(null, null, "case[ind"));

        assertTrue(e.getMessage().contains("object filter 'case[ind' is not a valid regular expression"), e.getMessage());
        assertTrue(e.getMessage().contains("Unclosed character class near index 7"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. 'indices$'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelFilter(List.of(), List.of(), "*cases"));
    }

    @Test
    void anEmptyPatternIsRejected() {
        IllegalArgumentException include = assertThrows(IllegalArgumentException.class,
                () -> ModelFilter.parse(List.of("cases", " "), null, null));
        IllegalArgumentException exclude = assertThrows(IllegalArgumentException.class,
                () -> ModelFilter.parse(null, Arrays.asList("cases", null), null));

        assertTrue(include.getMessage().startsWith("include has an empty pattern: give a table name or a glob"),
                include.getMessage());
        assertTrue(exclude.getMessage().startsWith("exclude has an empty pattern"), exclude.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelFilter(List.of(""), List.of(), null));
    }

    @Test
    void unmatchedListsThePatternsThatMatchNoModelOnce() {
        DomainModel domain = new TestDomain().tenant("public.cases", "public.users")
                .other("public.case_indices").key("public.case_indices", "case_id", "public.cases").build();
        ModelFilter filter = ModelFilter.parse(List.of("cases", "csaes", "case_*", "public.usr*"),
                List.of("csaes", "users", "audit.*"), null);

        assertEquals(List.of("csaes", "public.usr*", "audit.*"), filter.unmatched(domain));
        assertEquals(List.of(), including("*").unmatched(domain));
    }

    @Test
    void groupsAddTheirPatternsToInclude() {
        DumperGroups groups = DumperGroups.parse("core=users,location*;cases=cases,case_indices");
        ModelFilter filter = ModelFilter.parse(List.of("users"), List.of("locations"), "s$")
                .withGroups(List.of("core", "cases"), groups);

        assertEquals(new ModelFilter(List.of("users", "location*", "cases", "case_indices"), List.of("locations"), "s$"),
                filter);
        assertEquals(List.of(CASES, CASE_INDICES, USERS, AUDIT_CASES), dumped(filter));
        assertFalse(filter.dumps(name("public.locations")));
        assertTrue(filter.dumps(name("public.location_types")));
    }

    @Test
    void groupsNarrowAnIncludeThatWasEverything() {
        ModelFilter filter = ModelFilter.everything().withGroups(List.of("core"), DumperGroups.parse("core=users"));

        assertEquals(List.of(USERS), dumped(filter));
        assertEquals(ModelFilter.everything(), ModelFilter.everything().withGroups(List.of(), DumperGroups.none()));
    }

    @Test
    void anUnknownGroupIsRejectedWithTheKnownOnes() {
        DumperGroups groups = DumperGroups.parse("core=users;cases=cases");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFilter.everything().withGroups(List.of("core", "case"), groups));

        assertEquals("there is no dumper group 'case'; known groups: cases, core", e.getMessage());
    }
}
