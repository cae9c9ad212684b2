package co.usdcop.gate.promotion;

import co.usdcop.gate.lineage.LineageBuilder;
import co.usdcop.gate.lineage.LineageContributor;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

/** Adds a model's proposals (with the backtest behind each), their votes and its production contracts to lineage. */
@ApplicationScoped
public class PromotionLineageContributor implements LineageContributor {

    @Override
    public int order() {
        return 200;
    }

    @Override
    public void contribute(LineageBuilder graph) {
        String model = graph.modelNodeId();
        for (PromotionProposal p : PromotionProposal.<PromotionProposal>list("modelId",
                Sort.ascending("createdAt").and("id"), graph.modelId())) {
            String proposal = graph.node("proposal", p.id.toString(), null, p.createdAt, "Proposal to " + p.targetStage
                    + ": " + p.recommendation + ", " + p.status + (p.finalDecision == null ? "" : " (" + p.finalDecision
                    + ")"));
            graph.edge(model, proposal, "proposed_for_" + p.targetStage);
            String backtest = LineageBuilder.nodeId("backtest", p.backtestId.toString());
            if (!graph.hasNode(backtest)) {
                backtest = graph.node("backtest", p.backtestId.toString(), null, null, "Backtest " + p.backtestId);
            }
            graph.edge(backtest, proposal, "evidence_for");
            for (Vote v : Vote.ofProposal(p.id)) {
                String vote = graph.node("vote", String.valueOf(v.id), null, v.createdAt, v.kind + " vote " + v.decision
                        + " by " + v.voterName + (v.override ? " (override)" : ""));
                graph.edge(vote, proposal, "voted_on");
            }
        }
        for (ProductionContract c : ProductionContract.<ProductionContract>list("modelId",
                Sort.ascending("activatedAt").and("id"), graph.modelId())) {
            String contract = graph.node("production_contract", String.valueOf(c.id), c.modelHash, c.activatedAt,
                    "Production contract " + c.id + (c.active ? " (active)" : " (until " + c.deactivatedAt + ")")
                            + (c.override ? " [override]" : ""));
            graph.edge(LineageBuilder.nodeId("proposal", c.proposalId.toString()), contract, "activated");
            graph.edge(model, contract, "served_under");
        }
    }
}
