package relocate.catalog.selection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import relocate.catalog.Column;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/**
 * Builds a {@link DomainModel} the way the catalog would: tenant tables have a {@code domain} column,
 * other tables become models when a foreign key leads from them to one; models keep the order they
 * were added in.
 */
final class TestDomain {

    private final Set<TableName> tenantTables = new LinkedHashSet<>();
    private final Set<TableName> otherTables = new LinkedHashSet<>();
    private final List<ForeignKey> keys = new ArrayList<>();

    static TableName name(String qualified) {
        int dot = qualified.indexOf('.');
        return new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    static ForeignKey fk(String child, String column, String parent) {
        return new ForeignKey(name(child).name() + "_" + column + "_fkey", name(child), List.of(column), name(parent),
                List.of("id"), false);
    }

    TestDomain tenant(String... tables) {
        for (String table : tables) {
            tenantTables.add(name(table));
        }
        return this;
    }

    TestDomain other(String... tables) {
        for (String table : tables) {
            otherTables.add(name(table));
        }
        return this;
    }

    TestDomain key(String child, String column, String parent) {
        keys.add(fk(child, column, parent));
        return this;
    }

    DomainModel build() {
        List<Table> tables = new ArrayList<>();
        tenantTables.forEach(name -> tables.add(table(name, "id", "domain")));
        otherTables.forEach(name -> tables.add(table(name, "id")));
        Map<TableName, Selection> selections = Selections.derive(tables, keys, "domain");
        List<Model> models = tables.stream().filter(t -> selections.containsKey(t.name()))
                .map(t -> new Model(t, selections.get(t.name()))).toList();
        List<ForeignKey> modelKeys = keys.stream().filter(k -> selections.containsKey(k.child())).toList();
        return new DomainModel("domain", List.copyOf(tenantTables), models, modelKeys, List.of(), List.of());
    }

    private Table table(TableName name, String... columns) {
        List<Column> all = new ArrayList<>();
        for (String column : columns) {
            all.add(new Column(column, "text", false, null, false, false));
        }
        keys.stream().filter(k -> k.child().equals(name))
                .forEach(k -> all.add(new Column(k.columns().get(0), "text", false, null, false, false)));
        return new Table(name, all, List.of("id"));
    }
}
