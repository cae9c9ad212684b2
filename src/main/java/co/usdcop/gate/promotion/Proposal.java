package co.usdcop.gate.promotion;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

@Description("A request to move a model to staging or production, with its automatic first vote")
public record Proposal(
        UUID id,
        String modelId,
        @Description("staging or production") String targetStage,
        UUID backtestId,
        @Description("PENDING_APPROVAL, APPROVED, REJECTED or EXPIRED") String status,
        @Description("promoted, override_promoted, rejected or expired; null while open") String finalDecision,
        @Description("PROMOTE, REVIEW or REJECT") String recommendation,
        @Description("0..1, see PromotionRules") double confidence,
        @Description("Why the automatic vote recommends this; names the failed criteria") String recommendationReason,
        @Description("Whether every criterion passed (the automatic vote)") boolean autoPassed,
        List<CriterionResult> criteria,
        @Description("Null when there was no production model to compare with") VsBaseline vsBaseline,
        @Description("The requester's reason") String reason,
        String requestedBy,
        String requestedByName,
        @Description("Approved by an admin over a failed automatic vote") boolean override,
        String overrideReason,
        String overrideBy,
        Instant expiresAt,
        Instant decidedAt,
        Instant createdAt,
        long version) {

    static Proposal of(PromotionProposal p) {
        return new Proposal(p.id, p.modelId, p.targetStage, p.backtestId, p.status, p.finalDecision, p.recommendation,
                p.confidence, p.recommendationReason, p.autoPassed, PromotionService.criteria(p),
                PromotionService.vsBaseline(p), p.reason, p.requestedBy, p.requestedByName, p.override,
                p.overrideReason, p.overrideBy, p.expiresAt, p.decidedAt, p.createdAt, p.version);
    }
}
