package relocate.coordinator.workflow;

import java.util.List;
import relocate.catalog.TableName;
import relocate.catalog.selection.ModelFilter;

/**
 * What an operator chose when creating a migration, and what its environments have; fixed for its life.
 *
 * @param rehearsal    dump, load and verify without freezing the source, then clear the target
 * @param objectFilter a regex ({@link ModelFilter}): only models whose {@code schema.table} it finds are
 *                     loaded; null for all
 * @param blobs        both environments name a blob store: the domain's blobs are copied (BLOB_COPY)
 * @param dns          both environments name the domain's DNS record: it is switched after VERIFY (DNS_CUTOVER)
 */
public record Settings(boolean rehearsal, String objectFilter, boolean blobs, boolean dns) {

    public static final Settings DEFAULT = new Settings(false, null, false, false);

    /** @throws IllegalArgumentException naming what is wrong with the object filter */
    public Settings {
        if (objectFilter != null) {
            ModelFilter.parse(List.of(), List.of(), objectFilter);
        }
    }

    public Settings withParts(boolean withBlobs, boolean withDns) {
        return new Settings(rehearsal, objectFilter, withBlobs, withDns);
    }

    /** Whether the object filter lets {@code model} ({@code schema.table}) load. */
    public boolean loads(String model) {
        return objectFilter == null || ModelFilter.parse(List.of(), List.of(), objectFilter).loads(TableName.parse(model));
    }
}
