package co.usdcop.gate.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

@Description("One activation of a model in production, with every hash that pins it")
public record Contract(
        long id,
        String modelId,
        String modelHash,
        String normStatsHash,
        String featureOrderHash,
        @Description("The experiment contract's config hash") String configHash,
        String datasetHash,
        String experimentContractId,
        UUID proposalId,
        @Description("Activated by an override of a failed automatic vote") boolean override,
        @Description("Human approvers (name)") List<String> approvedBy,
        @Description("Human approvers (OIDC subject)") List<String> approvedBySubjects,
        Instant approvedAt,
        Instant activatedAt,
        String activatedBy,
        String activationReason,
        Instant deactivatedAt,
        String deactivatedBy,
        String deactivationReason,
        boolean active,
        Long previousContractId,
        @Description("Set on a rollback: the contract this row re-activates") Long reactivatesContractId) {

    static Contract of(ProductionContract c) {
        List<Map<String, String>> approvers = PromotionService.approvers(c);
        return new Contract(c.id, c.modelId, c.modelHash, c.normStatsHash, c.featureOrderHash, c.configHash,
                c.datasetHash, c.experimentContractId, c.proposalId, c.override,
                approvers.stream().map(a -> a.get("name")).toList(),
                approvers.stream().map(a -> a.get("subject")).toList(), c.approvedAt, c.activatedAt, c.activatedBy,
                c.activationReason, c.deactivatedAt, c.deactivatedBy, c.deactivationReason, c.active,
                c.previousContractId, c.reactivatesContractId);
    }
}
