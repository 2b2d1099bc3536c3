package relocate.catalog.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static relocate.catalog.selection.TestDomain.name;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import relocate.catalog.DomainModel;
import relocate.catalog.TableName;

class FilterCheckTest {

    /**
     * users <- cases <- case_indices (by two keys), users <- forms, locations -> locations, cases -> countries
     * (a global table, not a model).
     */
    private static final DomainModel DOMAIN = new TestDomain()
            .tenant("public.users", "public.cases", "public.locations", "public.forms")
            .other("public.case_indices", "public.countries")
            .key("public.cases", "owner_id", "public.users")
            .key("public.cases", "country_id", "public.countries")
            .key("public.forms", "user_id", "public.users")
            .key("public.case_indices", "case_id", "public.cases")
            .key("public.case_indices", "referenced_case_id", "public.cases")
            .key("public.locations", "parent_id", "public.locations")
            .build();

    private static List<String> problems(List<String> include, List<String> exclude, String objectFilter) {
        return FilterCheck.problems(DOMAIN, ModelFilter.parse(include, exclude, objectFilter)::loads);
    }

    @Test
    void theTestDomainHoldsTheModelsAndKeysItSays() {
        assertEquals(List.of("public.users", "public.cases", "public.locations", "public.forms", "public.case_indices"),
                DOMAIN.loadOrder().stream().map(TableName::toString).toList());
        assertEquals(6, DOMAIN.foreignKeys().size());
    }

    @Test
    void aChoiceThatKeepsEveryParentIsSound() {
        assertEquals(List.of(), problems(null, null, null));
        assertEquals(List.of(), problems(List.of("users", "cases"), null, null));
        assertEquals(List.of(), problems(null, List.of("case_indices"), null));
        // a self-reference and a key to a global table are never problems
        assertEquals(List.of(), problems(List.of("locations", "users", "cases"), null, null));
    }

    @Test
    void aChosenModelWhoseParentIsLeftOutIsReportedOnceWithWhatToDo() {
        assertEquals(List.of("public.case_indices references public.cases, which the filter leaves out: its rows could "
                        + "not load on the target; include public.cases or exclude public.case_indices"),
                problems(null, List.of("cases"), null));
    }

    @Test
    void anObjectFilterThatLeavesAParentOutIsReported() {
        assertEquals(List.of("public.case_indices references public.cases, which the filter leaves out: its rows could "
                        + "not load on the target; include public.cases or exclude public.case_indices"),
                problems(null, null, "indices"));
    }

    @Test
    void eachChosenModelIsReportedInLoadOrder() {
        Set<TableName> chosen = Set.of(name("public.case_indices"), name("public.forms"));

        assertEquals(List.of(
                "public.forms references public.users, which the filter leaves out: its rows could not load on the"
                        + " target; include public.users or exclude public.forms",
                "public.case_indices references public.cases, which the filter leaves out: its rows could not load on"
                        + " the target; include public.cases or exclude public.case_indices"),
                FilterCheck.problems(DOMAIN, chosen::contains));
    }

    @Test
    void aFilterThatSelectsNothingIsReported() {
        assertEquals(List.of("the filter selects none of the domain's 5 models: check its include and exclude patterns"
                        + " and object filter against the models' names (schema.table, e.g. public.users)"),
                problems(List.of("csaes"), null, null));
        assertEquals(1, problems(null, null, "^audit\\.").size());
    }

    @Test
    void aDomainWithoutModelsIsReported() {
        DomainModel empty = new TestDomain().other("public.countries").build();

        assertEquals(List.of("the filter selects no model: the domain has none (no table has the tenant column domain)"),
                FilterCheck.problems(empty, ModelFilter.everything()::loads));
    }
}
