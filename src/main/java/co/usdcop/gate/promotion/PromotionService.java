package co.usdcop.gate.promotion;

import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
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
import co.usdcop.gate.models.registry.ModelStageChange;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.robustness.RobustnessEvaluation;
import co.usdcop.gate.robustness.RobustnessReport;
import co.usdcop.gate.security.Roles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;

/**
 * Proposals, votes, decisions and the production contract. Every mutation is one transaction with its audit record.
 * Concurrency: a vote, a decision and the expiry job lock the proposal row (SELECT … FOR UPDATE) and re-check its
 * status, so a vote either lands on an open proposal or gets CONFLICT; activations and rollbacks serialise on one
 * advisory lock and the partial unique index keeps at most one active contract whatever happens.
 */
@ApplicationScoped
public class PromotionService {

    /** Advisory-lock key serialising changes of the production contract. */
    static final TypeReference<List<CriterionResult>> CRITERIA = new TypeReference<>() { };
    static final TypeReference<List<Map<String, String>>> APPROVERS = new TypeReference<>() { };

    @Inject
    GateConfig config;

    @Inject
    BacktestStore backtests;

    @Inject
    BaselineBacktests baselines;

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
        BacktestSummary bt = backtests.get(parseUuid(backtestId, "backtestId"));
        if (!bt.modelId().equals(model.modelId)) {
            throw new InvalidInputException("Backtest " + bt.id() + " is of model " + bt.modelId() + ", not of "
                    + model.modelId + "; propose with a backtest of the model itself.");
        }
        if (!"completed".equals(bt.status()) || bt.metrics() == null) {
            throw new InvalidInputException("Backtest " + bt.id() + " is " + bt.status() + "; only a completed"
                    + " backtest can back a proposal.");
        }
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
        if (PromotionProposal.count("modelId = ?1 and targetStage = ?2 and status = ?3", model.modelId, stage.key(),
                PromotionProposal.PENDING) > 0) {
            throw new ConflictException("Model " + model.modelId + " already has an open " + stage.key()
                    + " proposal; vote on it or wait until it is decided or expires.");
        }

        Instant now = now();
        ExperimentContract experiment = ExperimentContract.findById(model.experimentContractId);
        PromotionRules.Thresholds thresholds = thresholds(stage, experiment);
        Double stagingDays = stage == Stage.PRODUCTION ? stagingDays(model, now) : null;
        List<CriterionResult> criteria = new ArrayList<>(PromotionRules.criteria(thresholds, bt.metrics(),
                stagingDays));
        RobustnessReport robust = robustness.evaluate(stage, experiment, bt);
        if (robust != null) {
            criteria.addAll(robust.criteria());
        }

        ProductionContract production = ProductionContract.active();
        VsBaseline vs = null;
        if (stage == Stage.PRODUCTION && production != null && !production.modelId.equals(model.modelId)) {
            vs = PromotionRules.compare(production.modelId, bt,
                    baselines.sameConditions(production.modelId, bt).orElse(null), thresholds.improvementThreshold());
        }
        PromotionRules.Recommendation rec = PromotionRules.recommend(criteria, vs);
        boolean autoPassed = criteria.stream().allMatch(CriterionResult::passed);

        PromotionProposal p = new PromotionProposal();
        p.id = UUID.randomUUID();
        p.modelId = model.modelId;
        p.targetStage = stage.key();
        p.backtestId = bt.id();
        p.baselineModelId = vs == null ? null : vs.baselineModelId();
        p.baselineBacktestId = vs == null ? null : vs.baselineBacktestId();
        p.vsBaseline = vs == null ? null : CanonicalJson.of(vs);
        p.criteriaResults = CanonicalJson.of(criteria);
        p.criteriaSource = thresholds.minSharpeSource();
        p.autoPassed = autoPassed;
        p.recommendation = rec.recommendation();
        p.confidence = rec.confidence();
        p.recommendationReason = rec.reason();
        p.reason = why;
        p.requestedBy = caller.subject();
        p.requestedByName = caller.name();
        p.status = PromotionProposal.PENDING;
        p.expiresAt = now.plus(Duration.ofDays(policy.proposalExpiryDays()));
        p.createdAt = now;
        p.updatedAt = now;
        em.persist(p);
        em.flush();
        robustness.record(p.id, robust);

        Vote auto = new Vote();
        auto.proposalId = p.id;
        auto.kind = Vote.AUTO;
        auto.voterSubject = Caller.SYSTEM.subject();
        auto.voterName = "automatic first vote";
        auto.decision = autoPassed ? VoteDecision.APPROVE.name() : VoteDecision.REJECT.name();
        auto.comment = rec.recommendation() + ": " + rec.reason();
        auto.createdAt = now;
        em.persist(auto);
        em.flush();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelId", model.modelId);
        details.put("targetStage", stage.key());
        details.put("backtestId", bt.id().toString());
        details.put("autoVote", auto.decision);
        details.put("recommendation", rec.recommendation());
        details.put("confidence", rec.confidence());
        details.put("criteria", criteria);
        details.put("vsBaseline", vs);
        details.put("reason", why);
        details.put("expiresAt", p.expiresAt.toString());
        audit.record("PROMOTION_PROPOSED", "proposal", p.id.toString(), details);

        StagePolicy sp = policy.stage(stage);
        if (sp.humanApprovals() == 0) {
            // decided by the automatic vote alone
            if (autoPassed) {
                decide(p, PromotionProposal.APPROVED, "promoted", now);
                registry.changeStage(model.modelId, ModelStage.REGISTERED, ModelStage.STAGING, caller.subject(),
                        "proposal " + p.id + ": automatic vote passed");
                audit.record("MODEL_STAGED", "model", model.modelId,
                        Map.of("proposalId", p.id.toString(), "stage", stage.key()));
            } else {
                decide(p, PromotionProposal.REJECTED, "rejected", now);
            }
            em.flush();
        }
        return p;
    }

    private PromotionRules.Thresholds thresholds(Stage stage, ExperimentContract experiment) {
        StagePolicy sp = config.promotion().stage(stage);
        String yamlSource = "promotion.yaml:" + stage.key();
        JsonNode sc = successCriteria(experiment);
        String expSource = "experiment:" + experiment.contractId;
        return new PromotionRules.Thresholds(
                num(sc, "min_sharpe", sp.minSharpe()), src(sc, "min_sharpe", expSource, yamlSource),
                num(sc, "min_win_rate", sp.minWinRate()), src(sc, "min_win_rate", expSource, yamlSource),
                num(sc, "max_drawdown", sp.maxDrawdown()), src(sc, "max_drawdown", expSource, yamlSource),
                (int) num(sc, "min_trades", sp.minTrades()), src(sc, "min_trades", expSource, yamlSource),
                num(sc, "improvement_threshold", config.promotion().improvementThreshold()),
                stage == Stage.PRODUCTION ? sp.minStagingDays() : null, yamlSource);
    }

    private static JsonNode successCriteria(ExperimentContract experiment) {
        if (experiment == null || experiment.frozenConfig == null) {
            return null;
        }
        try {
            JsonNode n = CanonicalJson.MAPPER.readTree(experiment.frozenConfig).path("evaluation")
                    .path("success_criteria");
            return n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frozen config of " + experiment.contractId + " is not JSON", e);
        }
    }

    private static double num(JsonNode sc, String key, double fallback) {
        return sc != null && sc.path(key).isNumber() ? sc.path(key).asDouble() : fallback;
    }

    private static String src(JsonNode sc, String key, String experiment, String yaml) {
        return sc != null && sc.path(key).isNumber() ? experiment : yaml;
    }

    /** Days since the model last entered staging (0 when it is not in staging). */
    private Double stagingDays(RegisteredModel model, Instant now) {
        if (model.stage() != ModelStage.STAGING) {
            return 0.0;
        }
        ModelStageChange last = ModelStageChange.find("modelId = ?1 and toStage = ?2",
                Sort.descending("at").and("id"), model.modelId, ModelStage.STAGING.key()).firstResult();
        if (last == null) {
            return 0.0;
        }
        return Duration.between(last.at, now).toSeconds() / 86_400.0;
    }

    // ---------------------------------------------------------------- vote (second vote)

    @Transactional
    public PromotionProposal vote(String proposalId, VoteDecision decision, Checklist checklist, String comment,
            String overrideReason, Caller caller) {
        if (decision == null) {
            throw new InvalidInputException("A vote needs a decision: APPROVE, REJECT or REQUEST_MORE_TESTS.");
        }
        Checklist list = checklist == null ? new Checklist(false, false, false) : checklist;
        UUID id = parseUuid(proposalId, "proposalId");
        PromotionProposal p = em.find(PromotionProposal.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            throw new NotFoundException("No proposal with id " + id + "; list pending proposals to find one.");
        }
        Instant now = now();
        VoteEligibility eligible = eligibility(p, caller, now);
        if (!eligible.canVote()) {
            throw refusal(p, eligible.reason());
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
                audit.recordSeparately("PROMOTION_VOTE_REFUSED", "proposal", p.id.toString(),
                        Map.of("reason", "override attempted without the " + policy.overrideRole() + " role"));
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
        audit.record("PROMOTION_VOTED", "proposal", p.id.toString(), details);

        if (decision == VoteDecision.REJECT) {
            decide(p, PromotionProposal.REJECTED, "rejected", now);
        } else if (decision == VoteDecision.APPROVE) {
            long approvals = Vote.count("proposalId = ?1 and kind = ?2 and decision = ?3", p.id, Vote.HUMAN,
                    VoteDecision.APPROVE.name());
            StagePolicy sp = config.promotion().stage(parseStage(p.targetStage));
            if (approvals >= sp.humanApprovals()) {
                decide(p, PromotionProposal.APPROVED, p.override ? "override_promoted" : "promoted", now);
                activate(p, caller, now);
            }
        }
        em.flush();
        return p;
    }

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
        if (Vote.count("proposalId = ?1 and voterSubject = ?2", p.id, caller.subject()) > 0) {
            return new VoteEligibility(false, "You already voted on this proposal; one vote per reviewer.",
                    overrideRequired);
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

    private RuntimeException refusal(PromotionProposal p, String reason) {
        if (reason.startsWith("Four eyes") || reason.startsWith("Only reviewers")) {
            audit.recordSeparately("PROMOTION_VOTE_REFUSED", "proposal", p.id.toString(), Map.of("reason", reason));
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
        audit.record("PROMOTION_DECIDED", "proposal", p.id.toString(), details);
    }

    // ---------------------------------------------------------------- production contract

    private void lockProduction() {
        em.createNativeQuery(AdvisoryLock.PRODUCTION_CONTRACT.sql()).getSingleResult();
    }

    /** Promotes an approved production proposal: retire the current contract, activate the new one, set stages. */
    private void activate(PromotionProposal p, Caller caller, Instant decidedAt) {
        lockProduction();
        ProductionContract current = ProductionContract.active();
        if (current != null) {
            em.refresh(current);
        }
        // read the clock after the lock: a contract activated while we waited must not start after ours
        Instant now = afterActivation(current);
        RegisteredModel model = registry.require(p.modelId);
        if (current != null) {
            retire(current, caller, now, "replaced by " + p.modelId + " (proposal " + p.id + ")");
            if (!current.modelId.equals(p.modelId)) {
                registry.changeStage(current.modelId, ModelStage.PRODUCTION, ModelStage.ARCHIVED, caller.subject(),
                        "replaced in production by " + p.modelId + " (proposal " + p.id + ")");
            }
        }
        registry.changeStage(model.modelId, ModelStage.STAGING, ModelStage.PRODUCTION, caller.subject(),
                (p.override ? "override-promoted" : "promoted") + " by proposal " + p.id);
        List<Map<String, String>> approvers = new ArrayList<>();
        for (Vote v : Vote.<Vote>list("proposalId = ?1 and kind = ?2 and decision = ?3",
                Sort.ascending("createdAt").and("id"), p.id, Vote.HUMAN, VoteDecision.APPROVE.name())) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("subject", v.voterSubject);
            a.put("name", v.voterName);
            approvers.add(a);
        }
        ExperimentContract experiment = ExperimentContract.findById(model.experimentContractId);
        ProductionContract c = new ProductionContract();
        c.modelId = model.modelId;
        c.modelHash = model.modelHash;
        c.normStatsHash = model.normStatsHash;
        c.featureOrderHash = model.featureOrderHash;
        c.configHash = experiment.configHash;
        c.datasetHash = model.datasetHash;
        c.experimentContractId = model.experimentContractId;
        c.proposalId = p.id;
        c.override = p.override;
        c.approvedBy = CanonicalJson.of(approvers);
        c.approvedAt = now;
        c.activatedAt = now;
        c.activatedBy = caller.subject();
        c.activationReason = p.override ? "override: " + p.overrideReason : p.reason;
        c.active = true;
        c.previousContractId = current == null ? null : current.id;
        em.persist(c);
        em.flush();
        audit.record("PRODUCTION_CONTRACT_ACTIVATED", "production_contract", String.valueOf(c.id),
                contractDetails(c, current));
    }

    private Instant afterActivation(ProductionContract current) {
        Instant now = now();
        return current != null && now.isBefore(current.activatedAt) ? current.activatedAt : now;
    }

    private void retire(ProductionContract current, Caller caller, Instant now, String why) {
        current.active = false;
        current.deactivatedAt = now;
        current.deactivatedBy = caller.subject();
        current.deactivationReason = why;
        em.flush(); // the old row must be inactive before the new one is inserted (partial unique index)
    }

    /** Re-activates the contract the current one replaced; the current model is archived. Admins only. */
    @Transactional
    public ProductionContract rollback(String reason, Caller caller) {
        String why = reason == null ? "" : reason.trim();
        int min = config.promotion().overrideMinReasonLength();
        if (why.length() < min) {
            throw new InvalidInputException("A rollback needs a reason of at least " + min + " characters (got "
                    + why.length() + ").");
        }
        lockProduction();
        ProductionContract current = ProductionContract.active();
        if (current == null) {
            throw new ConflictException("There is no active production contract to roll back.");
        }
        em.refresh(current);
        if (current.previousContractId == null) {
            throw new ConflictException("Contract " + current.id + " (model " + current.modelId + ") replaced no"
                    + " earlier contract, so there is nothing to roll back to.");
        }
        ProductionContract previous = ProductionContract.findById(current.previousContractId);
        Instant now = afterActivation(current);
        retire(current, caller, now, "rolled back: " + why);
        if (!current.modelId.equals(previous.modelId)) {
            registry.changeStage(current.modelId, ModelStage.PRODUCTION, ModelStage.ARCHIVED, caller.subject(),
                    "rolled back: " + why);
            registry.changeStage(previous.modelId, null, ModelStage.PRODUCTION, caller.subject(),
                    "restored by rollback of contract " + current.id + ": " + why);
        }
        ProductionContract c = new ProductionContract();
        c.modelId = previous.modelId;
        c.modelHash = previous.modelHash;
        c.normStatsHash = previous.normStatsHash;
        c.featureOrderHash = previous.featureOrderHash;
        c.configHash = previous.configHash;
        c.datasetHash = previous.datasetHash;
        c.experimentContractId = previous.experimentContractId;
        c.proposalId = previous.proposalId;
        c.override = previous.override;
        c.approvedBy = previous.approvedBy;
        c.approvedAt = previous.approvedAt;
        c.activatedAt = now;
        c.activatedBy = caller.subject();
        c.activationReason = "rollback: " + why;
        c.active = true;
        c.previousContractId = previous.previousContractId;
        c.reactivatesContractId = previous.id;
        em.persist(c);
        em.flush();
        Map<String, Object> details = contractDetails(c, current);
        details.put("reactivatesContractId", previous.id);
        details.put("reason", why);
        audit.record("PRODUCTION_ROLLED_BACK", "production_contract", String.valueOf(c.id), details);
        return c;
    }

    private static Map<String, Object> contractDetails(ProductionContract c, ProductionContract replaced) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("modelId", c.modelId);
        d.put("modelHash", c.modelHash);
        d.put("normStatsHash", c.normStatsHash);
        d.put("featureOrderHash", c.featureOrderHash);
        d.put("configHash", c.configHash);
        d.put("datasetHash", c.datasetHash);
        d.put("proposalId", c.proposalId.toString());
        d.put("approvedBy", c.approvedBy);
        d.put("override", c.override);
        d.put("replacedContractId", replaced == null ? null : replaced.id);
        d.put("replacedModelId", replaced == null ? null : replaced.modelId);
        return d;
    }

    // ---------------------------------------------------------------- expiry

    /** Expires open proposals past their expiry time, each audited; returns how many. */
    @Transactional
    public int expireStale() {
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
    public Page<PromotionProposal> page(String status, String stage, Integer limit, Integer offset) {
        QueryFilter filter = new QueryFilter();
        if (status != null && !status.isBlank()) {
            String s = status.trim().toUpperCase();
            if (!List.of(PromotionProposal.PENDING, PromotionProposal.APPROVED, PromotionProposal.REJECTED,
                    PromotionProposal.EXPIRED).contains(s)) {
                throw new InvalidInputException("Unknown status '" + status + "'; use PENDING_APPROVAL, APPROVED,"
                        + " REJECTED or EXPIRED.");
            }
            filter.and("status = :status", "status", s);
        }
        if (stage != null && !stage.isBlank()) {
            filter.and("targetStage = :stage", "stage", parseStage(stage).key());
        }
        return Page.of(PromotionProposal.find(filter.query(), Sort.descending("createdAt").and("id"),
                filter.parameters()), limit, offset);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long pendingCount() {
        return PromotionProposal.count("status = ?1 and expiresAt > ?2", PromotionProposal.PENDING, now());
    }

    /** The contract active at {@code at} (now when null), or null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProductionContract contractAt(Instant at) {
        if (at == null) {
            return ProductionContract.active();
        }
        return ProductionContract.<ProductionContract>find(
                "activatedAt <= ?1 and (deactivatedAt is null or deactivatedAt > ?1)",
                Sort.descending("activatedAt").and("id"), at).firstResult();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ProductionContract> contracts(Integer limit, Integer offset) {
        return Page.of(ProductionContract.findAll(Sort.descending("activatedAt").and("id", Sort.Direction.Descending)),
                limit, offset);
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
