package co.usdcop.gate.audit;

import co.usdcop.gate.audit.AuditService.AuditFilter;
import co.usdcop.gate.audit.AuditService.ChainVerification;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class AuditGraphQLApi {

    @Inject
    AuditService audit;

    @Query("auditLog")
    @RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
    @Description("The audit log, newest first, with optional filters. Reviewers and admins. To read on, pass the"
            + " last seq of a page as beforeSeq (as fast at any depth) rather than a growing offset.")
    public Page<AuditRecord> auditLog(String action, String entity, String entityId, String actor, Instant from,
            Instant to, @Description("Only rows older than this seq (keyset paging)") Long beforeSeq, Integer limit,
            Integer offset) {
        Page<AuditEntry> page = audit.page(new AuditFilter(action, entity, entityId, actor, from, to), beforeSeq,
                limit, offset);
        return new Page<>(page.items().stream().map(AuditRecord::of).toList(), page.total(), page.offset(), page.limit());
    }

    @Query("auditActions")
    @RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
    @Description("The distinct actions present in the audit log, sorted. Reviewers and admins.")
    public java.util.List<@org.eclipse.microprofile.graphql.NonNull String> auditActions() {
        return audit.actions();
    }

    @Query("verifyAuditChain")
    @RolesAllowed(Roles.ADMIN)
    @Description("Recomputes the whole hash chain and names the first broken link. Admins.")
    public ChainVerification verifyAuditChain() {
        return audit.verify();
    }
}
