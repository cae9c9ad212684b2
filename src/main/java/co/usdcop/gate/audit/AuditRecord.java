package co.usdcop.gate.audit;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("An entry of the append-only audit log")
public record AuditRecord(
        @Description("Position in the chain, gapless from 1") long seq,
        @Description("When it happened (UTC)") Instant at,
        @Description("OIDC subject of the actor, or 'usdcop-gate/system' for automatic actions") String actor,
        @Description("Display name of the actor") String actorName,
        @Description("What was done, domain.verb_past, e.g. promotion.voted") String action,
        @Description("Kind of entity, e.g. model") String entity,
        @Description("Id of the entity") String entityId,
        @Description("Details as canonical JSON") String details,
        @Description("Client IP of the request") String clientIp,
        @Description("User agent of the request") String userAgent,
        @Description("Hash of the previous entry") String prevHash,
        @Description("SHA-256 of prev_hash and this entry") String hash) {

    static AuditRecord of(AuditEntry e) {
        return new AuditRecord(e.seq, e.at, e.actor, e.actorName, e.action, e.entity, e.entityId,
                co.usdcop.gate.common.CanonicalJson.ofJson(e.details),
                e.clientIp, e.userAgent, e.prevHash, e.hash);
    }
}
