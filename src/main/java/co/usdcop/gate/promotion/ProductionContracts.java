package co.usdcop.gate.promotion;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.ModelStage;
import co.usdcop.gate.models.registry.RegisteredModel;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The owner of {@code production_contracts}: activation (from an approved proposal), rollback and "which contract was
 * active at T". Activations and rollbacks hold {@link AdvisoryLock#PRODUCTION_CONTRACT} (taken up front with
 * {@link AdvisoryLock#AUDIT_APPEND}, in the lock order) and the partial unique index keeps at most one active
 * contract whatever happens.
 */
@ApplicationScoped
public class ProductionContracts {

    /**
     * The active contract's id and model id as a sub-select (no row when nothing is in production), for statements of
     * other features that must read it together with their own tables in one round trip (the inference tick).
     */
    public static final String ACTIVE_CONTRACT = "select id, model_id from production_contracts where is_active";

    @Inject
    GateConfig config;

    @Inject
    ModelRegistryService registry;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Promotes the model of an approved production proposal: retires the current contract, activates the new one and
     * sets the stages. The caller's transaction must already hold {@link AdvisoryLock#PRODUCTION_CONTRACT}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    ProductionContract activate(PromotionProposal p, List<Map<String, String>> approvers, Caller caller) {
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
        audit.record(AuditActions.PRODUCTION_ACTIVATED, "production_contract", String.valueOf(c.id),
                contractDetails(c, current));
        return c;
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
        AdvisoryLock.acquire(em, AdvisoryLock.PRODUCTION_CONTRACT, AdvisoryLock.AUDIT_APPEND);
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
        audit.record(AuditActions.PRODUCTION_ROLLED_BACK, "production_contract", String.valueOf(c.id), details);
        return c;
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

    /** The backtest the proposal behind the contract rested on; null for a contract without a proposal. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public UUID approvedBacktestId(ProductionContract c) {
        PromotionProposal p = c.proposalId == null ? null : PromotionProposal.findById(c.proposalId);
        return p == null ? null : p.backtestId;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ProductionContract> contracts(Integer limit, Integer offset) {
        return Page.of(ProductionContract.findAll(Sort.descending("activatedAt").and("id", Sort.Direction.Descending)),
                limit, offset);
    }

    private Instant afterActivation(ProductionContract current) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return current != null && now.isBefore(current.activatedAt) ? current.activatedAt : now;
    }

    private void retire(ProductionContract current, Caller caller, Instant now, String why) {
        current.active = false;
        current.deactivatedAt = now;
        current.deactivatedBy = caller.subject();
        current.deactivationReason = why;
        em.flush(); // the old row must be inactive before the new one is inserted (partial unique index)
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
}
