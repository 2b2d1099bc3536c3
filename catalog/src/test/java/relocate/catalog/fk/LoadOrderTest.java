package relocate.catalog.fk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import relocate.catalog.TableName;

class LoadOrderTest {

    private static TableName name(String table) {
        return new TableName("public", table);
    }

    private static List<TableName> names(String... tables) {
        return java.util.Arrays.stream(tables).map(LoadOrderTest::name).toList();
    }

    private static ForeignKey fk(String child, String parent, boolean deferrable) {
        return new ForeignKey(child + "_" + parent + "_fkey", name(child), List.of(parent + "_id"), name(parent),
                List.of("id"), deferrable);
    }

    @Test
    void parentsComeBeforeChildrenAndTiesGoByName() {
        LoadOrder order = LoadOrder.of(names("locations", "cases", "users", "location_types", "case_indices"),
                List.of(fk("cases", "users", false), fk("case_indices", "cases", false),
                        fk("locations", "location_types", false), fk("cases", "locations", false)));

        assertEquals(names("location_types", "locations", "users", "cases", "case_indices"), order.order());
        assertTrue(order.cycles().isEmpty());
        assertTrue(order.deferred().isEmpty());
    }

    @Test
    void selfReferencesDoNotAffectOrder() {
        LoadOrder order = LoadOrder.of(names("locations", "a"), List.of(fk("locations", "locations", false)));

        assertEquals(names("a", "locations"), order.order());
        assertTrue(order.cycles().isEmpty());
    }

    @Test
    void keysToTablesOutsideTheDomainAreIgnored() {
        LoadOrder order = LoadOrder.of(names("b", "a"), List.of(fk("a", "countries", false), fk("countries", "b", false)));

        assertEquals(names("a", "b"), order.order());
    }

    @Test
    void aCycleIsBrokenAtItsDeferrableConstraint() {
        ForeignKey deferrable = fk("a", "b", true);
        LoadOrder order = LoadOrder.of(names("a", "b", "c"),
                List.of(deferrable, fk("b", "a", false), fk("c", "b", false)));

        assertEquals(names("a", "b", "c"), order.order());
        assertEquals(List.of(deferrable), order.deferred());
        assertTrue(order.cycles().isEmpty());
    }

    @Test
    void aCycleOfNotDeferrableConstraintsIsReportedWithItsTables() {
        LoadOrder order = LoadOrder.of(names("orders", "invoices", "customers", "x"),
                List.of(fk("orders", "invoices", false), fk("invoices", "orders", false),
                        fk("orders", "customers", false)));

        assertEquals(1, order.cycles().size());
        ForeignKeyCycle cycle = order.cycles().get(0);
        assertEquals(names("invoices", "orders"), cycle.tables());
        assertEquals(2, cycle.foreignKeys().size());
        assertTrue(cycle.describe().contains("public.invoices, public.orders"), cycle.describe());
        assertTrue(cycle.describe().contains("DEFERRABLE"), cycle.describe());
        // every table still gets a place, so that a report can list it
        assertEquals(4, order.order().size());
        assertTrue(order.order().indexOf(name("customers")) < order.order().indexOf(name("orders")));
    }

    @Test
    void aDeferrableKeyDoesNotSaveAnotherCycleInTheSameTables() {
        // a <-> b through a deferrable key, b <-> c through two NOT DEFERRABLE keys
        LoadOrder order = LoadOrder.of(names("a", "b", "c"),
                List.of(fk("a", "b", true), fk("b", "a", false), fk("b", "c", false), fk("c", "b", false)));

        assertEquals(1, order.cycles().size());
        assertEquals(names("b", "c"), order.cycles().get(0).tables());
    }

    @Test
    void aDeferrableKeyOffAnyCycleStillOrders() {
        LoadOrder order = LoadOrder.of(names("a", "b"), List.of(fk("a", "b", true)));

        assertEquals(names("b", "a"), order.order());
        assertTrue(order.deferred().isEmpty());
    }
}
