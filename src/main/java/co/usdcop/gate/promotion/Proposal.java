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
        @Description("PENDING_APPROVAL, APPROVED, REJECTED, EXPIRED or WITHDRAWN") String status,
        @Description("promoted, override_promoted, rejected, expired or withdrawn; null while open")
        String finalDecision,
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
        @Description("SHA-256 of the latest automatic evaluation; send it with a vote (evidenceHash) so an APPROVE"
                + " on evidence that changed since is refused") String evidenceHash,
        @Description("The production contract the latest evaluation compared with; null when none was active")
        Long evaluatedContractId,
        @Description("When the automatic vote was last computed (proposal, re-opening, or refreshed at a vote)")
        Instant evaluatedAt,
        @Description("1, plus one per backtest attached after a hold; votes count per round") int round,
        @Description("Whether a reviewer requested more tests and no newer backtest was attached yet") boolean onHold,
        @Description("Who put the proposal on hold (name); null when not on hold") String heldBy,
        Instant heldAt,
        @Description("The requester's reason for withdrawing it") String withdrawnReason,
        long version) {

    static Proposal of(PromotionProposal p) {
        return new Proposal(p.id, p.modelId, p.targetStage, p.backtestId, p.status, p.finalDecision, p.recommendation,
                p.confidence, p.recommendationReason, p.autoPassed, PromotionService.criteria(p),
                PromotionService.vsBaseline(p), p.reason, p.requestedBy, p.requestedByName, p.override,
                p.overrideReason, p.overrideBy, p.expiresAt, p.decidedAt, p.createdAt, p.evidenceHash, p.evaluatedContractId,
                p.evaluatedAt, p.round, p.isHeld(), p.heldByName, p.heldAt, p.withdrawnReason, p.version);
    }
}
