package relocate.catalog.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import relocate.catalog.Column;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

class SelectionsTest {

    private static TableName name(String table) {
        return new TableName("public", table);
    }

    private static Table table(String table, String... columns) {
        return new Table(name(table), java.util.Arrays.stream(columns)
                .map(c -> new Column(c, "text", false, null, false, false)).toList(), List.of());
    }

    private static ForeignKey fk(String child, String column, String parent) {
        return new ForeignKey(child + "_" + column + "_fkey", name(child), List.of(column), name(parent), List.of("id"),
                false);
    }

    @Test
    void tenantTablesSelectByTheirColumnAndChildrenThroughTheirKey() {
        Map<TableName, Selection> selections = Selections.derive(
                List.of(table("cases", "id", "domain"), table("case_indices", "id", "case_id")),
                List.of(fk("case_indices", "case_id", "cases")), "domain");

        assertEquals("domain = ?", selections.get(name("cases")).describe());
        assertEquals("FROM \"public\".\"cases\" t WHERE t.\"domain\" = CAST(? AS text)", selections.get(name("cases")).fromWhere());
        assertEquals("via case_id -> public.cases", selections.get(name("case_indices")).describe());
        assertEquals("FROM \"public\".\"case_indices\" t WHERE t.\"case_id\" IN "
                + "(SELECT p1.\"id\" FROM \"public\".\"cases\" p1 WHERE p1.\"domain\" = CAST(? AS text))",
                selections.get(name("case_indices")).fromWhere());
        assertEquals(1, selections.get(name("case_indices")).parameterCount());
    }

    @Test
    void grandchildrenNestOneSubqueryPerStep() {
        Map<TableName, Selection> selections = Selections.derive(
                List.of(table("cases", "id", "domain"), table("case_indices", "id", "case_id"),
                        table("index_notes", "id", "index_id")),
                List.of(fk("case_indices", "case_id", "cases"), fk("index_notes", "index_id", "case_indices")),
                "domain");

        Selection notes = selections.get(name("index_notes"));
        assertEquals("via index_id -> public.case_indices, case_id -> public.cases", notes.describe());
        assertEquals("FROM \"public\".\"index_notes\" t WHERE t.\"index_id\" IN (SELECT p1.\"id\" FROM "
                + "\"public\".\"case_indices\" p1 WHERE p1.\"case_id\" IN (SELECT p2.\"id\" FROM \"public\".\"cases\" p2 "
                + "WHERE p2.\"domain\" = CAST(? AS text)))", notes.fromWhere());
        assertEquals(Map.of(name("index_notes"), Set.of("index_id"), name("case_indices"), Set.of("id", "case_id"),
                name("cases"), Set.of("id", "domain")), notes.requiredColumns());
    }

    @Test
    void ownTenantColumnWinsOverAForeignKey() {
        Map<TableName, Selection> selections = Selections.derive(
                List.of(table("cases", "id", "domain"), table("forms", "id", "domain", "case_id")),
                List.of(fk("forms", "case_id", "cases")), "domain");

        assertInstanceOf(ByTenantColumn.class, selections.get(name("forms")));
    }

    @Test
    void shortestPathWinsThenTheFirstParentByName() {
        // attachments -> notes -> cases (2 steps) and attachments -> users (1 step); links -> b and -> a (1 step each)
        Map<TableName, Selection> selections = Selections.derive(
                List.of(table("cases", "id", "domain"), table("users", "id", "domain"), table("a", "id", "domain"),
                        table("b", "id", "domain"), table("notes", "id", "case_id"),
                        table("attachments", "id", "note_id", "user_id"), table("links", "id", "a_id", "b_id")),
                List.of(fk("notes", "case_id", "cases"), fk("attachments", "note_id", "notes"),
                        fk("attachments", "user_id", "users"), fk("links", "b_id", "b"), fk("links", "a_id", "a")),
                "domain");

        assertEquals("via user_id -> public.users", selections.get(name("attachments")).describe());
        assertEquals("via a_id -> public.a", selections.get(name("links")).describe());
    }

    @Test
    void globalLookupsAndSelfReferencesDoNotMakeMembers() {
        Map<TableName, Selection> selections = Selections.derive(
                List.of(table("locations", "id", "domain", "country_id"), table("countries", "id"),
                        table("tags", "id", "parent_id")),
                List.of(fk("locations", "country_id", "countries"), fk("tags", "parent_id", "tags")), "domain");

        assertEquals(Set.of(name("locations")), selections.keySet());
        assertFalse(selections.containsKey(name("countries")));
    }

    @Test
    void compositeKeysCompareRows() {
        ForeignKey composite = new ForeignKey("visits_fkey", name("visits"), List.of("case_domain", "case_no"),
                name("cases"), List.of("domain", "no"), false);
        Map<TableName, Selection> selections = Selections.derive(
                List.of(table("cases", "no", "domain"), table("visits", "case_domain", "case_no")),
                List.of(composite), "domain");

        assertEquals("FROM \"public\".\"visits\" t WHERE (t.\"case_domain\", t.\"case_no\") IN "
                + "(SELECT p1.\"domain\", p1.\"no\" FROM \"public\".\"cases\" p1 WHERE p1.\"domain\" = CAST(? AS text))",
                selections.get(name("visits")).fromWhere());
        assertEquals("via (case_domain, case_no) -> public.cases", selections.get(name("visits")).describe());
    }

    @Test
    void identifiersWithQuotesStayInsideTheirQuotes() {
        Map<TableName, Selection> selections = Selections.derive(
                List.of(new Table(new TableName("app\"s", "ca;ses"), List.of(
                        new Column("te\"nant", "text", false, null, false, false)), List.of())),
                List.of(), "te\"nant");

        assertEquals("FROM \"app\"\"s\".\"ca;ses\" t WHERE t.\"te\"\"nant\" = CAST(? AS text)",
                selections.get(new TableName("app\"s", "ca;ses")).fromWhere());
    }
}
