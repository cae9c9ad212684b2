package co.usdcop.gate.promotion;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.backtest.BacktestStatus;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.QueryFilter;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.common.error.PermissionDeniedException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.config.PromotionPolicy.StagePolicy;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.ModelStage;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.robustness.RobustnessEvaluation;
import co.usdcop.gate.security.Roles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The owner of {@code promotion_proposals} and {@code votes}: proposals, the automatic vote, human votes, the hold
 * of REQUEST_MORE_TESTS and decisions. Production contracts belong to {@link ProductionContracts}.
 *
 * <p>Every mutation is one transaction with its audit record, except that a vote first refreshes the proposal's
 * evidence (the automatic vote recomputed against the production contract active now) in a transaction of its own,
 * so a reviewer who is refused for stale evidence can reload the new one.
 *
 * <p>Locks, in the order of {@link AdvisoryLock}: the advisory locks a transaction needs are taken up front
 * ({@code PRODUCTION_CONTRACT} for votes on production proposals, then {@code AUDIT_APPEND}), then the proposal row
 * (a pessimistic write lock, which Hibernate takes on PostgreSQL as {@code SELECT … FOR NO KEY UPDATE}: it
 * serialises writers of the row without blocking the votes that reference it); the automatic vote, which may run a
 * baseline backtest in its own transaction and the robustness re-runs, runs before any of them. A vote or the expiry
 * job re-checks the locked row's status, so a vote either lands on an open proposal or gets CONFLICT. Refusals are
 * audited after the refused transaction rolled back ({@code @AuditRefusals}).
 */
@ApplicationScoped
public class PromotionService {

    static final TypeReference<List<CriterionResult>> CRITERIA = new TypeReference<>() { };
    static final TypeReference<List<Map<String, String>>> APPROVERS = new TypeReference<>() { };

    @Inject
    GateConfig config;

    @Inject
    BacktestStore backtests;

    @Inject
    AutomaticVote automaticVote;

    @Inject
    ProductionContracts contracts;

    @Inject
    ModelRegistryService registry;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RobustnessEvaluation robustness;

    // ---------------------------------------------------------------- propose (first vote)

    @Transactional
    public PromotionProposal propose(String modelId, String targetStage, String backtestId, String reason,
            Caller caller) {
        PromotionPolicy policy = config.promotion();
        Stage stage = parseStage(targetStage);
        String why = reason == null ? "" : reason.trim();
        if (why.length() < policy.minReasonLength()) {
            throw new InvalidInputException("The reason has " + why.length() + " characters; write at least "
                    + policy.minReasonLength() + " saying why this model should move to " + stage.key() + ".");
        }
        RegisteredModel model = registry.require(modelId);
        ModelStage current = model.stage();
        ModelStage required = stage == Stage.STAGING ? ModelStage.REGISTERED : ModelStage.STAGING;
        if (current != required) {
            throw new ConflictException("Model " + model.modelId + " is " + current.key() + "; a " + stage.key()
                    + " proposal needs a model in stage " + required.key() + " (path: registered -> staging ->"
                    + " production).");
        }
        if (stage == Stage.PRODUCTION && !registry.lineageVerified(model)) {
            throw new InvalidInputException("Model " + model.modelId + " has dataset hash " + model.datasetHash
                    + ", which is not a dataset the service exported, so its training data cannot be checked"
                    + " (lineageVerified: false). Export the training range with exportDataset, train on that file"
                    + " and register the model with its hash to propose it for production.");
        }
        BacktestSummary bt = usableBacktest(model, backtestId);
        if (PromotionProposal.count("modelId = ?1 and targetStage = ?2 and status = ?3", model.modelId, stage.key(),
                PromotionProposal.PENDING) > 0) {
            throw new ConflictException("Model " + model.modelId + " already has an open " + stage.key()
                    + " proposal; vote on it or wait until it is decided or expires.");
        }

        Instant now = now();
        Evaluation eval = automaticVote.evaluate(model, stage, bt, now);
        AdvisoryLock.acquire(em, AdvisoryLock.AUDIT_APPEND);

        PromotionProposal p = new PromotionProposal();
        p.id = UUID.randomUUID();
        p.modelId = model.modelId;
        p.targetStage = stage.key();
        eval.applyTo(p, now);
        p.reason = why;
        p.requestedBy = caller.subject();
        p.requestedByName = caller.name();
        p.status = PromotionProposal.PENDING;
        p.expiresAt = now.plus(Duration.ofDays(policy.proposalExpiryDays()));
        p.createdAt = now;
        p.updatedAt = now;
        em.persist(p);
        em.flush();
        robustness.record(p.id, eval.robustness());
        Vote auto = castAutomaticVote(p, eval, now);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelId", model.modelId);
        details.put("targetStage", stage.key());
        details.put("backtestId", bt.id().toString());
        details.put("autoVote", auto.decision);
        details.put("recommendation", eval.recommendation().recommendation());
        details.put("confidence", eval.recommendation().confidence());
        details.put("criteria", eval.criteria());
        details.put("vsBaseline", eval.vsBaseline());
        details.put("evidenceHash", eval.hash());
        details.put("reason", why);
        details.put("expiresAt", p.expiresAt.toString());
        audit.record(AuditActions.PROMOTION_PROPOSED, "proposal", p.id.toString(), details);

        StagePolicy sp = policy.stage(stage);
        if (sp.humanApprovals() == 0) {
            // decided by the automatic vote alone
            if (eval.passed()) {
                decide(p, PromotionProposal.APPROVED, "promoted", now);
                registry.changeStage(model.modelId, ModelStage.REGISTERED, ModelStage.STAGING, caller.subject(),
                        "proposal " + p.id + ": automatic vote passed");
                audit.record(AuditActions.MODEL_STAGED, "model", model.modelId,
                        Map.of("proposalId", p.id.toString(), "stage", stage.key()));
            } else {
                decide(p, PromotionProposal.REJECTED, "rejected", now);
            }
            em.flush();
        }
        return p;
    }

    /**
     * The backtest a proposal (or a re-opening) may rest on: of the model, completed, at the cost in force, verified,
     * out of sample.
     */
    private BacktestSummary usableBacktest(RegisteredModel model, String backtestId) {
        BacktestSummary bt = backtests.get(parseUuid(backtestId, "backtestId"));
        if (!bt.modelId().equals(model.modelId)) {
            throw new InvalidInputException("Backtest " + bt.id() + " is of model " + bt.modelId() + ", not of "
                    + model.modelId + "; propose with a backtest of the model itself.");
        }
        if (bt.state() != BacktestStatus.COMPLETED || bt.metrics() == null) {
            throw new InvalidInputException("Backtest " + bt.id() + " is " + bt.status() + "; only a completed"
                    + " backtest can back a proposal.");
        }
        requireStandardCost(bt);
        if (!bt.verified()) {
            throw new InvalidInputException("Backtest " + bt.id() + " is not verified (the service did not reproduce"
                    + " its signature); run it in the service or resubmit it so it verifies.");
        }
        if (!bt.outOfSample()) {
            throw new InvalidInputException("Backtest " + bt.id() + " (" + bt.periodStart() + ".." + bt.periodEnd()
                    + ") overlaps the model's training range; propose with an out-of-sample backtest (e.g. the test"
                    + " period).");
        }
        if (!bt.modelHash().equals(model.modelHash) || !bt.normStatsHash().equals(model.normStatsHash)) {
            throw new InvalidInputException("Backtest " + bt.id() + " ran other artifacts than the registered model's"
                    + " ONNX file and norm stats; backtest the registered model.");
        }
        return bt;
    }

    /**
     * Refuses (VALIDATION) a what-if backtest: one run at {@code costMultiplier ≠ 1}, i.e. at another cost than the
     * transaction_cost_bps in force, is never evidence for a promotion.
     */
    static void requireStandardCost(BacktestSummary bt) {
        if (!BacktestSummary.atStandardCost(bt)) {
            throw new InvalidInputException("Backtest " + bt.id() + " is a what-if run at cost multiplier "
                    + bt.costMultiplier() + " (it charged " + bt.effectiveCostBps() + " bps, transaction_cost_bps ×"
                    + " " + bt.costMultiplier() + "), so it cannot back a promotion; run the backtest at the standard"
                    + " cost (costMultiplier 1) and propose with that one.");
        }
    }

    private Vote castAutomaticVote(PromotionProposal p, Evaluation eval, Instant now) {
        Vote auto = new Vote();
        auto.proposalId = p.id;
        auto.kind = Vote.AUTO;
        auto.voterSubject = Caller.SYSTEM.subject();
        auto.voterName = "automatic first vote";
        auto.decision = eval.passed() ? VoteDecision.APPROVE.name() : VoteDecision.REJECT.name();
        auto.comment = eval.recommendation().recommendation() + ": " + eval.recommendation().reason();
        auto.round = p.round;
        auto.evidenceHash = eval.hash();
        auto.evidence = eval.json();
        auto.createdAt = now;
        em.persist(auto);
        em.flush();
        return auto;
    }

    // ---------------------------------------------------------------- vote (second vote)

    /**
     * A human vote. First the proposal's evidence is refreshed (the automatic vote against the production contract
     * active now, stored on the proposal if it changed); then, in the vote's transaction, an APPROVE naming an
     * {@code evidenceHash} other than the refreshed one is refused with CONFLICT, and so is a vote on a production
     * proposal whose production contract changed in between.
     */
    public PromotionProposal vote(String proposalId, VoteDecision decision, Checklist checklist, String comment,
            String overrideReason, String evidenceHash, Caller caller) {
        if (decision == null) {
            throw new InvalidInputException("A vote needs a decision: APPROVE, REJECT or REQUEST_MORE_TESTS.");
        }
        UUID id = parseUuid(proposalId, "proposalId");
        Evaluation fresh = QuarkusTransaction.requiringNew().call(() -> refreshEvidence(id));
        return QuarkusTransaction.requiringNew().call(() -> castVote(id, decision, checklist, comment, overrideReason,
                evidenceHash, fresh, caller));
    }

    /** Recomputes an open proposal's automatic vote and stores it when it changed; null when votes are closed. */
    private Evaluation refreshEvidence(UUID id) {
        PromotionProposal read = em.find(PromotionProposal.class, id);
        if (read == null) {
            throw new NotFoundException("No proposal with id " + id + "; list pending proposals to find one.");
        }
        if (!read.isPending()) {
            return null;
        }
        Instant now = now();
        RegisteredModel model = registry.require(read.modelId);
        Evaluation eval = automaticVote.evaluate(model, parseStage(read.targetStage), backtests.get(read.backtestId),
                now);
        if (eval.hash().equals(read.evidenceHash)) {
            return eval;
        }
        AdvisoryLock.acquire(em, AdvisoryLock.AUDIT_APPEND);
        PromotionProposal p = lockProposal(read);
        if (!p.isPending() || !Objects.equals(p.backtestId, eval.backtestId())) {
            return eval; // decided or re-opened meanwhile: the vote's own checks answer
        }
        String previous = p.evidenceHash;
        eval.applyTo(p, now);
        robustness.record(p.id, eval.robustness());
        p.updatedAt = now;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previousEvidenceHash", previous);
        details.put("evidenceHash", eval.hash());
        details.put("productionContractId", eval.productionContractId());
        details.put("autoPassed", eval.passed());
        details.put("recommendation", eval.recommendation().recommendation());
        details.put("criteria", eval.criteria());
        details.put("vsBaseline", eval.vsBaseline());
        audit.record("promotion.evidence_refreshed", "proposal", p.id.toString(), details);
        return eval;
    }

    private PromotionProposal castVote(UUID id, VoteDecision decision, Checklist checklist, String comment,
            String overrideReason, String evidenceHash, Evaluation fresh, Caller caller) {
        PromotionProposal read = em.find(PromotionProposal.class, id);
        boolean production = parseStage(read.targetStage) == Stage.PRODUCTION;
        if (production) {
            AdvisoryLock.acquire(em, AdvisoryLock.PRODUCTION_CONTRACT, AdvisoryLock.AUDIT_APPEND);
        } else {
            AdvisoryLock.acquire(em, AdvisoryLock.AUDIT_APPEND);
        }
        PromotionProposal p = lockProposal(read);
        Checklist list = checklist == null ? new Checklist(false, false, false) : checklist;
        Instant now = now();
        VoteEligibility eligible = eligibility(p, caller, now);
        if (!eligible.canVote()) {
            throw refusal(eligible.reason());
        }
        if (fresh == null || !fresh.hash().equals(p.evidenceHash)) {
            throw new ConflictException("The evidence of proposal " + p.id + " changed while you voted (evidence "
                    + p.evidenceHash + "); reload it and vote again.");
        }
        ProductionContract active = production ? ProductionContract.active() : null;
        if (production && !Objects.equals(active == null ? null : active.id, p.evaluatedContractId)) {
            throw new ConflictException("The production contract changed while you voted (now "
                    + (active == null ? "none" : "model " + active.modelId) + "); reload the proposal, whose"
                    + " comparison will be made against it, and vote again.");
        }
        if (decision == VoteDecision.APPROVE && evidenceHash != null && !evidenceHash.trim().equals(p.evidenceHash)) {
            throw new ConflictException("The evidence changed since you loaded proposal " + p.id + ": the automatic"
                    + " vote now " + (p.autoPassed ? "passes" : "fails") + " (" + p.recommendation + ": "
                    + p.recommendationReason + ") with evidence " + p.evidenceHash + ". Review the new evidence and"
                    + " vote again.");
        }
        if (decision == VoteDecision.APPROVE && p.isHeld()) {
            throw new ConflictException("Proposal " + p.id + " is on hold: " + p.heldByName + " requested more tests"
                    + " at " + p.heldAt + ". It can be approved after its requester attaches a newer verified backtest"
                    + " (attachBacktest), or it is withdrawn.");
        }
        if (decision == VoteDecision.APPROVE && !list.complete()) {
            throw new InvalidInputException("To APPROVE tick all three checklist items (backtest reviewed, metrics"
                    + " acceptable, team notified); otherwise REJECT or REQUEST_MORE_TESTS.");
        }
        boolean override = decision == VoteDecision.APPROVE && !p.autoPassed;
        String overrideText = overrideReason == null ? "" : overrideReason.trim();
        if (override) {
            PromotionPolicy policy = config.promotion();
            if (!caller.has(policy.overrideRole())) {
                throw new PermissionDeniedException("The automatic vote failed (" + p.recommendationReason + ");"
                        + " only the " + policy.overrideRole() + " role may approve over it. REJECT or"
                        + " REQUEST_MORE_TESTS instead.");
            }
            if (overrideText.length() < policy.overrideMinReasonLength()) {
                throw new InvalidInputException("Approving over a failed automatic vote is an override: write an"
                        + " override reason of at least " + policy.overrideMinReasonLength() + " characters (got "
                        + overrideText.length() + ").");
            }
        }

        Vote v = new Vote();
        v.proposalId = p.id;
        v.kind = Vote.HUMAN;
        v.voterSubject = caller.subject();
        v.voterName = caller.name();
        v.voterEmail = caller.email();
        v.decision = decision.name();
        v.backtestReviewed = list.backtestReviewed();
        v.metricsAcceptable = list.metricsAcceptable();
        v.teamNotified = list.teamNotified();
        v.comment = comment == null || comment.isBlank() ? null : comment.trim();
        v.override = override;
        v.round = p.round;
        v.evidenceHash = fresh.hash();
        v.evidence = fresh.json();
        v.createdAt = now;
        em.persist(v);
        if (override) {
            p.override = true;
            p.overrideReason = overrideText;
            p.overrideBy = caller.subject();
        }
        p.updatedAt = now; // bumps the version: stale copies of the proposal lose
        em.flush();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decision", decision.name());
        details.put("checklist", list);
        details.put("comment", v.comment);
        details.put("override", override);
        details.put("overrideReason", override ? overrideText : null);
        details.put("voterEmail", caller.email());
        details.put("round", p.round);
        details.put("evidenceHash", fresh.hash());
        details.put("productionContractId", fresh.productionContractId());
        audit.record(AuditActions.PROMOTION_VOTED, "proposal", p.id.toString(), details);

        if (decision == VoteDecision.REJECT) {
            decide(p, PromotionProposal.REJECTED, "rejected", now);
        } else if (decision == VoteDecision.REQUEST_MORE_TESTS && !p.isHeld()) {
            p.heldBy = caller.subject();
            p.heldByName = caller.name();
            p.heldAt = now;
            audit.record("promotion.held", "proposal", p.id.toString(),
                    Map.of("round", p.round, "comment", v.comment == null ? "" : v.comment));
        } else if (decision == VoteDecision.APPROVE) {
            long approvals = Vote.count("proposalId = ?1 and kind = ?2 and decision = ?3 and round = ?4", p.id,
                    Vote.HUMAN, VoteDecision.APPROVE.name(), p.round);
            StagePolicy sp = config.promotion().stage(parseStage(p.targetStage));
            if (approvals >= sp.humanApprovals()) {
                decide(p, PromotionProposal.APPROVED, p.override ? "override_promoted" : "promoted", now);
                contracts.activate(p, approvers(p), caller);
            }
        }
        em.flush();
        return p;
    }

    private static List<Map<String, String>> approvers(PromotionProposal p) {
        List<Map<String, String>> approvers = new ArrayList<>();
        for (Vote v : Vote.<Vote>list("proposalId = ?1 and kind = ?2 and decision = ?3 and round = ?4",
                Sort.ascending("createdAt").and("id"), p.id, Vote.HUMAN, VoteDecision.APPROVE.name(), p.round)) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("subject", v.voterSubject);
            a.put("name", v.voterName);
            approvers.add(a);
        }
        return approvers;
    }

    // ---------------------------------------------------------------- hold: attach a backtest, withdraw

    /**
     * Re-opens a held proposal with a newer verified out-of-sample backtest of its model: a new round with a new
     * automatic vote; votes of earlier rounds stay as history. Only the proposal's requester (or an admin).
     */
    public PromotionProposal attachBacktest(String proposalId, String backtestId, Caller caller) {
        UUID id = parseUuid(proposalId, "proposalId");
        return QuarkusTransaction.requiringNew().call(() -> {
            PromotionProposal read = requireForAction(id, caller, "attach a backtest to");
            if (!read.isHeld()) {
                throw new ConflictException("Proposal " + id + " is not on hold; a backtest is attached after a"
                        + " reviewer requested more tests.");
            }
            RegisteredModel model = registry.require(read.modelId);
            BacktestSummary bt = usableBacktest(model, backtestId);
            BacktestSummary previous = backtests.get(read.backtestId);
            if (!bt.completedAt().isAfter(previous.completedAt())) {
                throw new InvalidInputException("Backtest " + bt.id() + " completed at " + bt.completedAt()
                        + ", not after the proposal's backtest " + previous.id() + " (" + previous.completedAt()
                        + "); attach a newer backtest.");
            }
            Instant now = now();
            Evaluation eval = automaticVote.evaluate(model, parseStage(read.targetStage), bt, now);
            AdvisoryLock.acquire(em, AdvisoryLock.AUDIT_APPEND);
            PromotionProposal p = lockProposal(read);
            if (!p.isPending() || !p.isHeld() || !p.backtestId.equals(read.backtestId)) {
                throw new ConflictException("Proposal " + id + " changed meanwhile (now " + p.status
                        + (p.isHeld() ? ", on hold" : "") + "); reload it.");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("previousBacktestId", p.backtestId.toString());
            details.put("backtestId", bt.id().toString());
            details.put("heldBy", p.heldBy);
            details.put("heldAt", p.heldAt.toString());
            p.round = p.round + 1;
            eval.applyTo(p, now);
            robustness.record(p.id, eval.robustness());
            p.heldBy = null;
            p.heldByName = null;
            p.heldAt = null;
            p.updatedAt = now;
            em.flush();
            Vote auto = castAutomaticVote(p, eval, now);
            details.put("round", p.round);
            details.put("autoVote", auto.decision);
            details.put("criteria", eval.criteria());
            details.put("vsBaseline", eval.vsBaseline());
            details.put("evidenceHash", eval.hash());
            audit.record("promotion.reopened", "proposal", p.id.toString(), details);
            return p;
        });
    }

    /** Withdraws an open proposal (its requester or an admin), with a reason; audited. */
    public PromotionProposal withdraw(String proposalId, String reason, Caller caller) {
        UUID id = parseUuid(proposalId, "proposalId");
        String why = reason == null ? "" : reason.trim();
        int min = config.promotion().minReasonLength();
        if (why.length() < min) {
            throw new InvalidInputException("Withdrawing needs a reason of at least " + min + " characters (got "
                    + why.length() + ").");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            PromotionProposal read = requireForAction(id, caller, "withdraw");
            AdvisoryLock.acquire(em, AdvisoryLock.AUDIT_APPEND);
            PromotionProposal p = lockProposal(read);
            if (!p.isPending()) {
                throw new ConflictException("Proposal " + id + " is already " + p.status + "; only an open proposal"
                        + " can be withdrawn.");
            }
            p.withdrawnReason = why;
            decide(p, PromotionProposal.WITHDRAWN, "withdrawn", now());
            em.flush();
            return p;
        });
    }

    /**
     * The proposal row locked for this transaction ({@code SELECT … FOR NO KEY UPDATE}), read afresh: the copy read before
     * the locks were taken is detached first, since locking a managed copy whose version changed meanwhile fails.
     */
    private PromotionProposal lockProposal(PromotionProposal read) {
        em.detach(read);
        return em.find(PromotionProposal.class, read.id, LockModeType.PESSIMISTIC_WRITE);
    }

    private PromotionProposal requireForAction(UUID id, Caller caller, String what) {
        PromotionProposal p = em.find(PromotionProposal.class, id);
        if (p == null) {
            throw new NotFoundException("No proposal with id " + id + "; list proposals to find one.");
        }
        if (!caller.subject().equals(p.requestedBy) && !caller.has(Roles.ADMIN)) {
            throw new PermissionDeniedException("Only the proposal's requester (" + p.requestedByName + ") or an admin"
                    + " may " + what + " proposal " + id + ".");
        }
        if (!p.isPending()) {
            throw new ConflictException("Proposal " + id + " is already " + p.status + "; votes are closed.");
        }
        return p;
    }

    // ---------------------------------------------------------------- eligibility and decisions

    /** Why {@code caller} may or may not cast the human vote on {@code p} now. */
    public VoteEligibility eligibility(PromotionProposal p, Caller caller, Instant now) {
        boolean overrideRequired = !p.autoPassed;
        if (!caller.has(Roles.REVIEWER) && !caller.has(Roles.ADMIN)) {
            return new VoteEligibility(false, "Only reviewers and admins cast the human vote.", overrideRequired);
        }
        if (!p.isPending()) {
            return new VoteEligibility(false, "The proposal is already " + p.status.toLowerCase().replace('_', ' ')
                    + " (" + p.finalDecision + "); votes are closed.", overrideRequired);
        }
        if (!now.isBefore(p.expiresAt)) {
            return new VoteEligibility(false, "The proposal expired at " + p.expiresAt + "; votes are closed."
                    + " Propose again.", overrideRequired);
        }
        if (config.promotion().stage(parseStage(p.targetStage)).humanApprovals() == 0) {
            return new VoteEligibility(false, "A " + p.targetStage + " proposal is decided by the automatic vote"
                    + " alone.", overrideRequired);
        }
        RegisteredModel model = RegisteredModel.findById(p.modelId);
        if (caller.subject().equals(model.registeredBy)) {
            return new VoteEligibility(false, "Four eyes: you registered model " + p.modelId + ", so someone else must"
                    + " cast the human vote.", overrideRequired);
        }
        if (caller.subject().equals(p.requestedBy)) {
            return new VoteEligibility(false, "Four eyes: you requested this proposal, so someone else must cast the"
                    + " human vote.", overrideRequired);
        }
        if (Vote.count("proposalId = ?1 and voterSubject = ?2 and round = ?3", p.id, caller.subject(), p.round) > 0) {
            return new VoteEligibility(false, "You already voted on this proposal; one vote per reviewer and round.",
                    overrideRequired);
        }
        if (p.isHeld()) {
            return new VoteEligibility(true, "On hold: " + p.heldByName + " requested more tests; you may REJECT or"
                    + " REQUEST_MORE_TESTS until the requester attaches a newer backtest.", overrideRequired);
        }
        if (overrideRequired && !caller.has(config.promotion().overrideRole())) {
            return new VoteEligibility(true, "The automatic vote failed: you may REJECT or REQUEST_MORE_TESTS; only"
                    + " an " + config.promotion().overrideRole() + " may approve over it.", true);
        }
        return new VoteEligibility(true, null, overrideRequired);
    }

    public VoteEligibility eligibility(PromotionProposal p, Caller caller) {
        return eligibility(p, caller, now());
    }

    private static RuntimeException refusal(String reason) {
        if (reason.startsWith("Four eyes") || reason.startsWith("Only reviewers")) {
            return new PermissionDeniedException(reason);
        }
        return new ConflictException(reason);
    }

    private void decide(PromotionProposal p, String status, String finalDecision, Instant now) {
        p.status = status;
        p.finalDecision = finalDecision;
        p.decidedAt = now;
        p.updatedAt = now;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status);
        details.put("finalDecision", finalDecision);
        details.put("modelId", p.modelId);
        details.put("targetStage", p.targetStage);
        details.put("override", p.override);
        if (p.withdrawnReason != null) {
            details.put("reason", p.withdrawnReason);
        }
        audit.record(PromotionProposal.WITHDRAWN.equals(status) ? "promotion.withdrawn" : AuditActions.PROMOTION_DECIDED,
                "proposal", p.id.toString(), details);
    }

    // ---------------------------------------------------------------- expiry

    /** Expires open proposals past their expiry time, each audited; returns how many. */
    @Transactional
    public int expireStale() {
        AdvisoryLock.acquire(em, AdvisoryLock.AUDIT_APPEND);
        Instant now = now();
        List<UUID> ids = em.createQuery("select p.id from PromotionProposal p where p.status = :s and p.expiresAt <= :now",
                UUID.class).setParameter("s", PromotionProposal.PENDING).setParameter("now", now).getResultList();
        int n = 0;
        for (UUID id : ids) {
            PromotionProposal p = em.find(PromotionProposal.class, id, LockModeType.PESSIMISTIC_WRITE);
            em.refresh(p);
            if (p.isPending() && !now.isBefore(p.expiresAt)) { // a vote may have decided it meanwhile
                decide(p, PromotionProposal.EXPIRED, "expired", now);
                n++;
            }
        }
        em.flush();
        return n;
    }

    // ---------------------------------------------------------------- queries

    /**
     * The criteria {@link #propose} would apply to this model and backtest now, with their thresholds and sources (the
     * robustness criteria too when robustness evaluation is on), and whether the production model would be compared;
     * writes nothing (the proposal itself re-checks everything). A what-if backtest is refused as {@link #propose}
     * refuses it.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProposalPreview preview(String modelId, String targetStage, String backtestId) {
        Stage stage = parseStage(targetStage);
        RegisteredModel model = registry.require(modelId);
        BacktestSummary bt = backtests.get(parseUuid(backtestId, "backtestId"));
        if (bt.metrics() == null) {
            throw new InvalidInputException("Backtest " + bt.id() + " is " + bt.status() + "; it has no metrics yet.");
        }
        requireStandardCost(bt);
        Instant now = now();
        PromotionRules.Thresholds thresholds = automaticVote.thresholds(model, stage);
        Double stagingDays = stage == Stage.PRODUCTION ? AutomaticVote.stagingDays(model, now) : null;
        ProductionContract production = ProductionContract.active();
        boolean compared = stage == Stage.PRODUCTION && production != null && !production.modelId.equals(model.modelId);
        PromotionPolicy policy = config.promotion();
        return new ProposalPreview(stage.key(), model.stage().key(),
                (stage == Stage.STAGING ? ModelStage.REGISTERED : ModelStage.STAGING).key(),
                PromotionRules.criteria(thresholds, bt.metrics(), stagingDays, null),
                robustness.preview(stage, ExperimentContract.findById(model.experimentContractId), bt),
                stage == Stage.PRODUCTION ? (int) thresholds.get(PromotionRules.STAGING_DAYS).value() : null, stagingDays,
                production == null ? null : production.modelId, compared,
                thresholds.get(PromotionRules.IMPROVEMENT).value(),
                policy.stage(stage).humanApprovals(), policy.minReasonLength());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PromotionProposal require(String proposalId) {
        UUID id = parseUuid(proposalId, "proposalId");
        PromotionProposal p = PromotionProposal.findById(id);
        if (p == null) {
            throw new NotFoundException("No proposal with id " + id + "; list proposals to find one.");
        }
        return p;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<PromotionProposal> page(String status, String stage, String modelId, Integer limit, Integer offset) {
        QueryFilter filter = new QueryFilter();
        if (status != null && !status.isBlank()) {
            String s = status.trim().toUpperCase();
            if (!List.of(PromotionProposal.PENDING, PromotionProposal.APPROVED, PromotionProposal.REJECTED,
                    PromotionProposal.EXPIRED, PromotionProposal.WITHDRAWN).contains(s)) {
                throw new InvalidInputException("Unknown status '" + status + "'; use PENDING_APPROVAL, APPROVED,"
                        + " REJECTED, EXPIRED or WITHDRAWN.");
            }
            filter.and("status = :status", "status", s);
        }
        if (stage != null && !stage.isBlank()) {
            filter.and("targetStage = :stage", "stage", parseStage(stage).key());
        }
        if (modelId != null && !modelId.isBlank()) {
            filter.and("modelId = :model", "model", registry.require(modelId.trim()).modelId);
        }
        return Page.of(PromotionProposal.find(filter.query(), Sort.descending("createdAt").and("id"),
                filter.parameters()), limit, offset);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long pendingCount() {
        return PromotionProposal.count("status = ?1 and expiresAt > ?2", PromotionProposal.PENDING, now());
    }

    static List<CriterionResult> criteria(PromotionProposal p) {
        return read(p.criteriaResults, CRITERIA);
    }

    static VsBaseline vsBaseline(PromotionProposal p) {
        return p.vsBaseline == null ? null : read(p.vsBaseline, new TypeReference<VsBaseline>() { });
    }

    static List<Map<String, String>> approvers(ProductionContract c) {
        return read(c.approvedBy, APPROVERS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return CanonicalJson.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored promotion JSON is not readable", e);
        }
    }

    static Stage parseStage(String value) {
        String v = value == null ? "" : value.trim();
        for (Stage s : Stage.values()) {
            if (s.key().equalsIgnoreCase(v)) {
                return s;
            }
        }
        throw new InvalidInputException("Unknown target stage '" + value + "'; use staging or production.");
    }

    static UUID parseUuid(String value, String field) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field + " '" + value + "' is not an id (a UUID such as"
                    + " 3f2b6c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b).");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
