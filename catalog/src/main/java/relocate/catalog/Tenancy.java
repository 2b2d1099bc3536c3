package relocate.catalog;

import java.util.Objects;

/**
 * How an environment's database tells its domains apart: the tenant column and what the environment declares about
 * its schema. Read with {@link DomainCatalog#read(java.sql.Connection, Tenancy)}.
 */
public record Tenancy(String tenantColumn, TenantDeclarations declarations) {

    public Tenancy {
        Objects.requireNonNull(tenantColumn, "tenantColumn");
        Objects.requireNonNull(declarations, "declarations");
    }

    /** A tenant column and no declarations. */
    public static Tenancy of(String tenantColumn) {
        return new Tenancy(tenantColumn, TenantDeclarations.NONE);
    }

    /** From the wire: the tenant column and the declarations' text form ({@link TenantDeclarations#format()}). */
    public static Tenancy of(String tenantColumn, String declarations) {
        return new Tenancy(tenantColumn, TenantDeclarations.parse(declarations));
    }
}
