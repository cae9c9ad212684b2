package co.usdcop.gate.inference;

import co.usdcop.gate.alerts.AlertKind;
import co.usdcop.gate.alerts.AlertSeverity;
import co.usdcop.gate.alerts.Alerts;
import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.promotion.ProductionContract;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Which production contract the tick may trade under. The active contract is validated before its first use: the
 * ONNX artifact's SHA-256 must equal {@code model_hash}, the norm-stats artifact's SHA-256 {@code norm_stats_hash},
 * the service's {@code feature_order_hash} the contract's, and the registry must pin the same hashes (the policy cache
 * loads by model id). Results are cached per contract id (a contract's pins never change). A contract that fails is
 * not used: the previously validated contract keeps trading (after a restart: the contract the failing one replaced,
 * if it validates; otherwise none, and the tick records CONTRACT_INVALID), and one alert (per contract) plus one audit
 * record are written.
 */
@ApplicationScoped
public class ContractValidation {

    private static final Logger LOG = Logger.getLogger(ContractValidation.class);

    @Inject
    ArtifactService artifacts;

    @Inject
    ModelRegistryService registry;

    @Inject
    AuditLog audit;

    @Inject
    Alerts alerts;

    @Inject
    GateConfig config;

    private final Set<Long> validContracts = ConcurrentHashMap.newKeySet();
    /** The active contract as last read; re-read only when the active id changes (a contract's pins never change). */
    private volatile ProductionContract activeContract;
    /** The last contract that passed validation and was used: kept when a newer one fails. */
    private volatile ProductionContract lastValid;

    /**
     * The contract to trade under while {@code active} is the active one; {@code use} is {@code active} when it
     * validates, else the fallback, and null when there is none ({@code active} failed and nothing may stand in).
     */
    record Choice(ProductionContract active, ProductionContract use) {

        /** Whether the production row must be flat with CONTRACT_INVALID. */
        boolean invalid() {
            return use == null;
        }
    }

    /** The choice for the active contract with this id (read only when the active id changed). */
    Choice choose(long activeContractId) {
        ProductionContract active = contract(activeContractId);
        if (validate(active)) {
            lastValid = active;
            return new Choice(active, active);
        }
        return new Choice(active, fallback(active));
    }

    /** The contract with this id: the cached one while the active id stays the same. */
    private ProductionContract contract(long id) {
        ProductionContract c = activeContract;
        if (c == null || c.id != id) {
            c = QuarkusTransaction.requiringNew()
                    .call(() -> ProductionContract.<ProductionContract>findById(id));
            if (c == null) {
                throw new IllegalStateException("production contract " + id + " vanished while being read");
            }
            activeContract = c;
        }
        return c;
    }

    /**
     * The contract to keep trading when {@code failed} does not validate: the last validated one in this process,
     * else (after a restart) the contract {@code failed} replaced, if it validates. Null if neither.
     */
    private ProductionContract fallback(ProductionContract failed) {
        if (lastValid != null) {
            return lastValid;
        }
        if (failed.previousContractId == null) {
            return null;
        }
        ProductionContract previous = QuarkusTransaction.requiringNew()
                .call(() -> ProductionContract.<ProductionContract>findById(failed.previousContractId));
        if (previous != null && validate(previous)) {
            lastValid = previous;
            return previous;
        }
        return null;
    }

    /** Forgets validations and the fallback contract, as a restart does. */
    void forget() {
        validContracts.clear();
        lastValid = null;
        activeContract = null;
    }

    /** Whether the contract passed validation (cached per contract id on success). */
    boolean validate(ProductionContract c) {
        if (validContracts.contains(c.id)) {
            return true;
        }
        String problem = QuarkusTransaction.requiringNew().call(() -> problemWith(c));
        if (problem == null) {
            validContracts.add(c.id);
            LOG.infof("Production contract %d (model %s) validated", c.id, c.modelId);
            return true;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("contractId", c.id);
        details.put("modelId", c.modelId);
        details.put("problem", problem);
        details.put("keptContractId", lastValid == null ? null : lastValid.id);
        String message = "Production contract " + c.id + " (model " + c.modelId + ") failed validation: " + problem
                + (lastValid == null ? ". No validated contract to fall back on: signals are flat."
                        : ". Contract " + lastValid.id + " (model " + lastValid.modelId + ") stays in use.");
        if (alerts.raise(AlertKind.CONTRACT_VALIDATION_FAILED, AlertSeverity.CRITICAL, "contract:" + c.id, message,
                details)) {
            LOG.error(message);
            audit.recordSeparately(AuditActions.PRODUCTION_CONTRACT_REJECTED, "production_contract", String.valueOf(c.id),
                    details);
        }
        return false;
    }

    /** What is wrong with the contract's pins, or null. */
    private String problemWith(ProductionContract c) {
        String serviceOrder = config.featureContract().featureOrderHash();
        if (!serviceOrder.equals(c.featureOrderHash)) {
            return "its feature_order_hash " + c.featureOrderHash + " differs from the service's " + serviceOrder;
        }
        RegisteredModel m = registry.require(c.modelId);
        if (!c.modelHash.equals(m.modelHash) || !c.normStatsHash.equals(m.normStatsHash)) {
            return "its hashes differ from the registered model's (model_hash " + m.modelHash + ", norm_stats_hash "
                    + m.normStatsHash + ")";
        }
        String bad = artifactProblem(c.modelHash, "model_hash");
        return bad != null ? bad : artifactProblem(c.normStatsHash, "norm_stats_hash");
    }

    private String artifactProblem(String sha256, String what) {
        try {
            byte[] bytes = artifacts.read(artifacts.require(sha256, what));
            String actual = Hashes.sha256Hex(bytes);
            return actual.equals(sha256) ? null : "the " + what + " artifact hashes to " + actual;
        } catch (RuntimeException e) {
            return "the " + what + " artifact " + sha256 + " cannot be used: " + e.getMessage();
        }
    }
}
