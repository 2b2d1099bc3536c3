package relocate.dumper.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.TenantKey;
import relocate.catalog.selection.ThroughForeignKeys;

class MembershipTest {

    private static final TableName CASES = new TableName("public", "cases");
    private static final TableName ATTACHMENTS = new TableName("public", "case_attachments");
    private static final TableName CHUNKS = new TableName("public", "attachment \"chunks\"");

    @Test
    void aModelWithTheTenantColumnComparesTheRowsColumnInItsType() {
        assertEquals("SELECT ($1).\"Tenant\" = CAST($2 AS bigint)",
                Membership.query(new ByTenantColumn(CASES, new TenantKey("Tenant", "bigint"))));
    }

    @Test
    void aModelTwoForeignKeysAwayNestsOneExistsPerStepAndQuotesEveryName() {
        ForeignKey toAttachment = new ForeignKey("chunks_fkey", CHUNKS, List.of("attachment_id"), ATTACHMENTS,
                List.of("id"), false);
        ForeignKey toCase = new ForeignKey("attachments_fkey", ATTACHMENTS, List.of("case_id", "case_version"), CASES,
                List.of("id", "version"), false);

        String query = Membership.query(new ThroughForeignKeys(CHUNKS, List.of(toAttachment, toCase),
                new TenantKey("domain", "uuid")));

        assertEquals("SELECT EXISTS (SELECT 1 FROM \"public\".\"case_attachments\" p1 WHERE p1.\"id\" = ($1).\"attachment_id\""
                + " AND EXISTS (SELECT 1 FROM \"public\".\"cases\" p2 WHERE p2.\"id\" = p1.\"case_id\""
                + " AND p2.\"version\" = p1.\"case_version\" AND p2.\"domain\" = CAST($2 AS uuid)))", query);
    }
}
