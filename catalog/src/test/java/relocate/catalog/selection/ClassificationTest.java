package relocate.catalog.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import relocate.catalog.Column;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.TenantDeclarations;
import relocate.catalog.fk.ForeignKey;

class ClassificationTest {

    private static TableName name(String table) {
        return new TableName("public", table);
    }

    private static Table table(String table, List<String> key, String... columns) {
        return new Table(name(table), Arrays.stream(columns)
                .map(c -> new Column(c, "bigint", false, null, false, false)).toList(), key);
    }

    private static ForeignKey fk(String child, String column, String parent) {
        return new ForeignKey(child + "_" + column + "_fkey", name(child), List.of(column), name(parent), List.of("id"),
                false);
    }

    private static final List<Table> TABLES = List.of(
            table("companies", List.of("id"), "id", "country_id"),
            table("countries", List.of("id"), "id"),
            table("campaigns", List.of("company_id", "id"), "company_id", "id"),
            table("invoices", List.of("id"), "id", "billing_company"),
            table("invoice_lines", List.of("id"), "id", "invoice_id"),
            table("legacy_notes", List.of(), "owner_company_id", "note"),
            table("campaign_stats", List.of(), "campaign_id", "hits"),
            table("settings", List.of("id"), "id", "value"));
    private static final List<ForeignKey> KEYS = List.of(fk("campaigns", "company_id", "companies"),
            fk("companies", "country_id", "countries"), fk("invoices", "billing_company", "companies"),
            fk("invoice_lines", "invoice_id", "invoices"));

    private static Classification classify(TenantDeclarations declarations) {
        Map<TableName, Selection> members = Selections.derive(TABLES, KEYS, "company_id", declarations);
        return Classification.of(TABLES, KEYS, "company_id", declarations, members);
    }

    @Test
    void everyTableHasARoleAndTenantLookingColumnsOutsideTheDomainAreNamed() {
        Classification classification = classify(TenantDeclarations.NONE);

        assertEquals(Map.of(name("companies"), TableRole.TENANT_ROOT, name("countries"), TableRole.GLOBAL,
                name("campaigns"), TableRole.TENANT, name("invoices"), TableRole.SELECTED_BY_COLUMN,
                name("invoice_lines"), TableRole.REACHED, name("legacy_notes"), TableRole.UNRELATED,
                name("campaign_stats"), TableRole.UNRELATED, name("settings"), TableRole.UNRELATED),
                classification.roles());
        assertEquals(List.of(name("legacy_notes"), name("campaign_stats")),
                classification.unreached().stream().map(Classification.Unreached::table).sorted((a, b) ->
                        b.compareTo(a)).toList());
        Classification.Unreached stats = classification.unreached().stream()
                .filter(u -> u.table().equals(name("campaign_stats"))).findFirst().orElseThrow();
        assertEquals("campaign_id", stats.column());
        assertTrue(stats.why().contains("no foreign key declares it"), stats.why());
    }

    @Test
    void declaredTablesAreNoLongerStoppedAtAndASelectingColumnMakesAMember() {
        TenantDeclarations declarations = TenantDeclarations.parse("ignore public.legacy_notes")
                .with(TenantDeclarations.Kind.SELECT, "public.campaign_stats.campaign_id");
        Classification classification = classify(declarations);

        assertTrue(classification.unreached().isEmpty(), classification.unreached().toString());
        assertTrue(classification.badDeclarations().isEmpty(), classification.badDeclarations().toString());
        assertEquals(TableRole.IGNORED, classification.roles().get(name("legacy_notes")));
        assertEquals(List.of("the global declaration names table public.nowhere, which this database does not have"),
                classify(TenantDeclarations.parse("global public.nowhere")).badDeclarations());
        assertEquals(TableRole.SELECTED_BY_COLUMN, classification.roles().get(name("campaign_stats")));
    }

    @Test
    void aDeclaredGlobalIsNeverAMemberNorWalkedThrough() {
        Map<TableName, Selection> members = Selections.derive(TABLES, KEYS, "company_id",
                TenantDeclarations.parse("global public.invoices"));

        assertTrue(!members.containsKey(name("invoices")) && !members.containsKey(name("invoice_lines")),
                members.keySet().toString());
    }

    @Test
    void aTenantRootTheForeignKeysDoNotShowIsDeclared() {
        List<Table> tables = List.of(table("companies", List.of("id"), "id"),
                table("campaigns", List.of("company_id", "id"), "company_id", "id"));

        assertTrue(!Selections.derive(tables, List.of(), "company_id").containsKey(name("companies")));
        Selection root = Selections.derive(tables, List.of(), "company_id",
                TenantDeclarations.parse("root public.companies.id")).get(name("companies"));
        assertEquals("FROM \"public\".\"companies\" t WHERE t.\"id\" = CAST(? AS bigint)", root.fromWhere());
        assertEquals(List.of("tenant root public.companies must have name as its whole primary key (it has id)"),
                TenantDeclarations.parse("root public.companies.name").problems(Map.of(name("companies"),
                        new Table(name("companies"), List.of(new Column("id", "bigint", true, null, false, false),
                                new Column("name", "text", true, null, false, false)), List.of("id")))));
    }

    @Test
    void declarationsHaveOneTextForm() {
        TenantDeclarations declarations = TenantDeclarations.parse(
                "root public.companies.id; select public.invoices.billing_company; global public.countries; "
                        + "ignore public.legacy_notes");

        assertEquals(declarations, TenantDeclarations.parse(declarations.format()));
        assertEquals("root public.companies.id; select public.invoices.billing_company; global public.countries; "
                + "ignore public.legacy_notes", declarations.format());
        assertEquals(List.of("the ignore declaration names table public.legacy_notes, which this database does not "
                + "have"), declarations.problems(Map.of(name("companies"), TABLES.get(0), name("invoices"), TABLES.get(3),
                name("countries"), TABLES.get(1))));
    }

    @Test
    void stemsAndSingulars() {
        assertEquals("company", Classification.stem("company_id"));
        assertEquals("domain", Classification.stem("domain"));
        assertEquals("tenant", Classification.stem("tenantId"));
        assertEquals("company", Classification.singular("companies"));
        assertEquals("case", Classification.singular("cases"));
        assertEquals("address", Classification.singular("addresses"));
    }
}
