package relocate.coordinator.environment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import relocate.catalog.TenantDeclarations;

/**
 * Registers an environment; {@code blobStore}, {@code dns} and the declarations are optional. {@code toString} leaves
 * the secrets out, so logging a request cannot leak them.
 *
 * @param tenantRoots tenant roots the foreign keys do not reveal, as {@code schema.table.column}
 * @param selectBy    tables selected by a column of another name, as {@code schema.table.column}
 * @param globals     tables shared by every domain, as {@code schema.table}
 * @param ignored     tables left alone, as {@code schema.table}
 */
@Serdeable
public record EnvironmentRequest(String jdbcUrl, String user, String password, String tenantColumn,
                                 BlobStoreRequest blobStore, DnsRequest dns, @Nullable List<String> tenantRoots,
                                 @Nullable List<String> selectBy, @Nullable List<String> globals,
                                 @Nullable List<String> ignored) {

    public EnvironmentRequest(String jdbcUrl, String user, String password, String tenantColumn) {
        this(jdbcUrl, user, password, tenantColumn, null, null, null, null, null, null);
    }

    /** The declarations, checked for form (not against a database). */
    public TenantDeclarations declarations() {
        TenantDeclarations declarations = TenantDeclarations.NONE;
        declarations = with(declarations, TenantDeclarations.Kind.ROOT, tenantRoots);
        declarations = with(declarations, TenantDeclarations.Kind.SELECT, selectBy);
        declarations = with(declarations, TenantDeclarations.Kind.GLOBAL, globals);
        return with(declarations, TenantDeclarations.Kind.IGNORE, ignored);
    }

    private static TenantDeclarations with(TenantDeclarations declarations, TenantDeclarations.Kind kind,
                                           List<String> targets) {
        TenantDeclarations with = declarations;
        for (String target : targets == null ? List.<String>of() : targets) {
            with = with.with(kind, target);
        }
        return with;
    }

    @Override
    public String toString() {
        return "EnvironmentRequest[jdbcUrl=" + jdbcUrl + ", user=" + user + ", tenantColumn=" + tenantColumn
                + ", blobStore=" + blobStore + ", dns=" + dns + ", tenantRoots=" + tenantRoots + ", selectBy=" + selectBy
                + ", globals=" + globals + ", ignored=" + ignored + "]";
    }
}
