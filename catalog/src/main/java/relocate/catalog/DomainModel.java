package relocate.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import relocate.catalog.fk.ForeignKey;
import relocate.catalog.fk.ForeignKeyCycle;
import relocate.catalog.selection.Classification;

/**
 * What a domain is in one database: its models and the order in which they can be loaded.
 *
 * @param tenantColumn  the column that names the domain, e.g. {@code domain}
 * @param tenantTables  the tables that have that column, by name; empty when none has it
 * @param models        the domain's models in load order
 * @param foreignKeys   every foreign key of a model, including those to global tables outside the domain
 * @param deferred      DEFERRABLE constraints that break cycles: a load must run with them deferred
 * @param cycles        cycles of NOT DEFERRABLE constraints: while there are any, the domain cannot be loaded
 * @param classification every table of the database, classified, and those the completeness guard stops at
 */
public record DomainModel(String tenantColumn, List<TableName> tenantTables, List<Model> models,
                          List<ForeignKey> foreignKeys, List<ForeignKey> deferred, List<ForeignKeyCycle> cycles,
                          Classification classification) {

    public DomainModel {
        Objects.requireNonNull(tenantColumn, "tenantColumn");
        Objects.requireNonNull(classification, "classification");
        tenantTables = List.copyOf(tenantTables);
        models = List.copyOf(models);
        foreignKeys = List.copyOf(foreignKeys);
        deferred = List.copyOf(deferred);
        cycles = List.copyOf(cycles);
    }

    /** A domain model put together by hand, without a classification of the database's other tables. */
    public DomainModel(String tenantColumn, List<TableName> tenantTables, List<Model> models,
                       List<ForeignKey> foreignKeys, List<ForeignKey> deferred, List<ForeignKeyCycle> cycles) {
        this(tenantColumn, tenantTables, models, foreignKeys, deferred, cycles, Classification.NONE);
    }

    /** Model names, parents before children. */
    public List<TableName> loadOrder() {
        return models.stream().map(Model::name).toList();
    }

    /**
     * Each model's depth in load order: 0 for a model with no parent among the models, else one more than its
     * deepest parent's. Models of one level have no foreign key between them (self-references and the
     * deferred constraints that break cycles aside), so their rows load at the same time.
     */
    public Map<TableName, Integer> loadLevels() {
        Map<TableName, Integer> levels = new LinkedHashMap<>();
        for (Model m : models) {
            levels.put(m.name(), loadAfter(m.name()).stream().mapToInt(parent -> levels.get(parent) + 1).max()
                    .orElse(0));
        }
        return levels;
    }

    /**
     * The models whose rows must be on the target before {@code model}'s load: its parents among the models
     * (self-references and the deferred constraints that break cycles aside), in load order. A model whose
     * parents are loaded may load while unrelated models still do.
     */
    public List<TableName> loadAfter(TableName model) {
        List<TableName> parents = foreignKeys.stream()
                .filter(fk -> fk.child().equals(model) && !fk.parent().equals(model) && !deferred.contains(fk))
                .map(ForeignKey::parent).distinct().toList();
        return loadOrder().stream().filter(parents::contains).toList();
    }

    public Optional<Model> model(TableName name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The same domain with only the models {@code keep} accepts (a migration's selection of models). */
    public DomainModel restrictedTo(Predicate<TableName> keep) {
        return new DomainModel(tenantColumn, tenantTables, models.stream().filter(m -> keep.test(m.name())).toList(),
                foreignKeys, deferred, cycles, classification);
    }

    public boolean loadable() {
        return cycles.isEmpty();
    }
}
