package co.usdcop.gate.promotion;

import co.usdcop.gate.audit.AuditRefusals;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.security.CurrentUser;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Proposals, votes, the production contract and its rollback. */
@GraphQLApi
@GraphQLErrorBoundary
public class PromotionGraphQLApi {

    @Inject
    PromotionService promotions;

    @Inject
    ProductionContracts contracts;

    @Inject
    BacktestStore backtests;

    @Inject
    AutomaticVote automaticVote;

    @Inject
    ModelRegistryService registry;

    @Inject
    CurrentUser currentUser;

    @Mutation("proposePromotion")
    @AuditRefusals(action = "promotion.proposal_refused", entity = "model", idArgument = 0)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Proposes moving a model to staging or production with a verified out-of-sample backtest of it;"
            + " the service casts the automatic first vote. A staging proposal is decided at once.")
    public Proposal proposePromotion(@NonNull @Name("modelId") String modelId,
            @NonNull @Name("targetStage") String targetStage, @NonNull @Name("backtestId") String backtestId,
            @NonNull @Name("reason") String reason) {
        return Proposal.of(promotions.propose(modelId, targetStage, backtestId, reason, Caller.of(currentUser)));
    }

    @Mutation("vote")
    @AuditRefusals(action = "promotion.vote_refused", entity = "proposal", idArgument = 0)
    @RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
    @Description("The human vote on a proposal (four eyes: not by its model's registrant nor its requester). APPROVE"
            + " needs the whole checklist; approving over a failed automatic vote needs the admin role and an"
            + " overrideReason. The automatic vote is recomputed against the production contract active now; an"
            + " APPROVE naming an evidenceHash (the proposal's evidenceHash as loaded) other than the recomputed one"
            + " is refused with CONFLICT. A REQUEST_MORE_TESTS puts the proposal on hold.")
    public Proposal vote(@NonNull @Name("proposalId") String proposalId, @NonNull @Name("decision") VoteDecision decision,
            @Name("checklist") Checklist checklist, @Name("comment") String comment,
            @Name("overrideReason") String overrideReason, @Name("evidenceHash") String evidenceHash) {
        return Proposal.of(promotions.vote(proposalId, decision, checklist, comment, overrideReason, evidenceHash,
                Caller.of(currentUser)));
    }

    @Mutation("attachBacktest")
    @AuditRefusals(action = "promotion.attach_refused", entity = "proposal", idArgument = 0)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.ADMIN})
    @Description("Re-opens a proposal on hold with a newer verified out-of-sample backtest of its model (its requester"
            + " or an admin): the automatic vote runs again and a new round of votes starts.")
    public Proposal attachBacktest(@NonNull @Name("proposalId") String proposalId,
            @NonNull @Name("backtestId") String backtestId) {
        return Proposal.of(promotions.attachBacktest(proposalId, backtestId, Caller.of(currentUser)));
    }

    @Mutation("withdrawProposal")
    @AuditRefusals(action = "promotion.withdraw_refused", entity = "proposal", idArgument = 0)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.ADMIN})
    @Description("Withdraws an open proposal (its requester or an admin), with a reason.")
    public Proposal withdrawProposal(@NonNull @Name("proposalId") String proposalId,
            @NonNull @Name("reason") String reason) {
        return Proposal.of(promotions.withdraw(proposalId, reason, Caller.of(currentUser)));
    }

    @Mutation("rollbackProduction")
    @AuditRefusals(action = "production.rollback_refused", entity = "production_contract")
    @RolesAllowed(Roles.ADMIN)
    @Description("Re-activates the production contract the current one replaced; the current model is archived.")
    public Contract rollbackProduction(@NonNull @Name("reason") String reason) {
        return Contract.of(contracts.rollback(reason, Caller.of(currentUser)));
    }

    @Query("proposals")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Proposals, newest first; filter by status, target stage and model (limit default 50, at most 500).")
    public Page<Proposal> proposals(@Name("status") String status, @Name("stage") String stage,
            @Name("modelId") String modelId, @Name("limit") Integer limit, @Name("offset") Integer offset) {
        Page<PromotionProposal> page = promotions.page(status, stage, modelId, limit, offset);
        return new Page<>(page.items().stream().map(Proposal::of).toList(), page.total(), page.offset(), page.limit());
    }

    @Query("proposalPreview")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Before proposing: the criteria against the thresholds in force (with their source), the staging-days"
            + " rule, the robustness criteria when they are in force, and whether the production model will be"
            + " compared. A what-if backtest (cost multiplier other than 1) is refused. Nothing is stored.")
    public ProposalPreview proposalPreview(@NonNull @Name("modelId") String modelId,
            @NonNull @Name("targetStage") String targetStage, @NonNull @Name("backtestId") String backtestId) {
        return promotions.preview(modelId, targetStage, backtestId);
    }

    @Query("pendingProposals")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("How many proposals wait for a vote (not expired).")
    public int pendingProposals() {
        return (int) promotions.pendingCount();
    }

    @Query("proposal")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("One proposal with criteria, comparison, votes and backtest.")
    public Proposal proposal(@NonNull @Name("id") String id) {
        return Proposal.of(promotions.require(id));
    }

    @Query("productionContract")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("The production contract active at a time (now when omitted); null if none was.")
    public Contract productionContract(@Name("at") OffsetDateTime at) {
        ProductionContract c = contracts.contractAt(at == null ? null : at.toInstant());
        return c == null ? null : Contract.of(c);
    }

    @Query("productionContracts")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Production contracts, newest activation first (limit default 50, at most 500).")
    public Page<Contract> productionContracts(@Name("limit") Integer limit, @Name("offset") Integer offset) {
        Page<ProductionContract> page = contracts.contracts(limit, offset);
        return new Page<>(page.items().stream().map(Contract::of).toList(), page.total(), page.offset(), page.limit());
    }

    @Description("The automatic vote first, then human votes in order")
    public List<VoteView> votes(@Source Proposal proposal) {
        return Vote.ofProposal(proposal.id()).stream().map(VoteView::of).toList();
    }

    @Description("The candidate's backtest behind the proposal; an error (CONFLICT) when it no longer matches its"
            + " signature (checked again at most every 5 minutes for display, at every vote)")
    public BacktestSummary backtest(@Source Proposal proposal) {
        automaticVote.requireIntactForDisplay(proposal.backtestId());
        return backtests.get(proposal.backtestId());
    }

    @Description("The production model's backtest under the same conditions, if any")
    public BacktestSummary baselineBacktest(@Source Proposal proposal) {
        return proposal.vsBaseline() == null || proposal.vsBaseline().baselineBacktestId() == null ? null
                : backtests.get(proposal.vsBaseline().baselineBacktestId());
    }

    @Description("Whether the model's dataset is one the service exported (see Model.lineageVerified)")
    public boolean lineageVerified(@Source Proposal proposal) {
        return registry.lineageVerified(registry.require(proposal.modelId()));
    }

    @Description("Whether the caller may cast the human vote now, and why not")
    public VoteEligibility myVoteEligibility(@Source Proposal proposal) {
        return promotions.eligibility(promotions.require(proposal.id().toString()), Caller.of(currentUser));
    }
}
