package co.usdcop.gate.promotion;

import co.usdcop.gate.alerts.AlertKind;
import co.usdcop.gate.alerts.AlertSeverity;
import co.usdcop.gate.alerts.Alerts;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.backtest.BacktestIntegrity;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.models.registry.ModelStage;
import co.usdcop.gate.models.registry.ModelStageChange;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.robustness.RobustnessEvaluation;
import co.usdcop.gate.robustness.RobustnessReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the automatic vote of a candidate backtest against the thresholds in force (floors of promotion.yaml,
 * tightened by the experiment) and against the production contract active <i>now</i>. It may start a baseline
 * backtest in a transaction of its own ({@link BaselineBacktests}), so callers run it before taking any lock.
 */
@ApplicationScoped
class AutomaticVote {

    @Inject
    GateConfig config;

    @Inject
    BaselineBacktests baselines;

    @Inject
    BacktestStore backtests;

    @Inject
    Alerts alerts;

    @Inject
    AuditLog audit;

    @Inject
    RobustnessEvaluation robustness;

    /** Re-check interval of {@link #requireIntactForDisplay}; votes, proposals and attachments always re-check. */
    @ConfigProperty(name = "usdcop.promotion.display-reverify-interval", defaultValue = "5m")
    Duration displayReverifyInterval;

    /** When each backtest last passed the display check ({@link System#nanoTime()}). */
    private final Map<UUID, Long> shownIntactAt = new ConcurrentHashMap<>();

    /**
     * {@link #requireIntact} for showing a proposal's evidence on a page: a backtest that passed within
     * {@link #displayReverifyInterval} is not checked again, since recomputing a signature over thousands of trades
     * and a whole curve on every page view made each review page cost tens of milliseconds. A row altered behind the
     * service's back is still reported on display within the interval, and at once by every vote, proposal and
     * attachment, which call {@link #requireIntact}.
     */
    void requireIntactForDisplay(UUID backtestId) {
        Long at = shownIntactAt.get(backtestId);
        if (at != null && System.nanoTime() - at < displayReverifyInterval.toNanos()) {
            return;
        }
        requireIntact(backtestId, "shown as evidence");
        if (shownIntactAt.size() > 10_000) { // bounded: forget them all, each is checked again on its next display
            shownIntactAt.clear();
        }
        shownIntactAt.put(backtestId, System.nanoTime());
    }

    /**
     * Refuses (CONFLICT) a backtest whose stored row no longer matches its signatures, after raising an alert and
     * auditing the mismatch (both kept although the refused operation writes nothing).
     */
    void requireIntact(UUID backtestId, String usage) {
        BacktestIntegrity check = backtests.check(backtestId);
        if (check.intact()) {
            return;
        }
        shownIntactAt.remove(backtestId); // the next display checks again, whatever the interval
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backtestId", backtestId.toString());
        details.put("usage", usage);
        details.put("problem", check.problem());
        QuarkusTransaction.requiringNew().run(() -> {
            alerts.raise(AlertKind.BACKTEST_SIGNATURE_MISMATCH, AlertSeverity.CRITICAL, "backtest:" + backtestId,
                    "Backtest " + backtestId + " does not match its signature: " + check.problem(), details);
            audit.record("backtest.signature_mismatch", "backtest", backtestId.toString(), details);
        });
        throw new ConflictException("Backtest " + backtestId + " does not match its signature, so it cannot be "
                + usage + ": " + check.problem() + " An alert was raised.");
    }

    Evaluation evaluate(RegisteredModel model, Stage stage, BacktestSummary bt, Instant now) {
        PromotionService.requireStandardCost(bt); // a what-if run is never evidence, not even at a re-evaluation
        requireIntact(bt.id(), "used as evidence of a proposal");
        PromotionRules.Thresholds thresholds = thresholds(model, stage);
        Double stagingDays = stage == Stage.PRODUCTION ? stagingDays(model, now) : null;
        ProductionContract production = stage == Stage.PRODUCTION ? ProductionContract.active() : null;
        VsBaseline vs = null;
        if (production != null && !production.modelId.equals(model.modelId)) {
            BacktestSummary baseline = baselines.sameConditions(production.modelId, bt).orElse(null);
            if (baseline != null) {
                requireIntact(baseline.id(), "used as the production model's baseline");
            }
            vs = PromotionRules.compare(production.modelId, bt, baseline,
                    thresholds.get(PromotionRules.IMPROVEMENT).value());
        }
        List<CriterionResult> criteria = new ArrayList<>(PromotionRules.criteria(thresholds, bt.metrics(), stagingDays,
                vs));
        RobustnessReport robust = robustness.evaluate(stage, ExperimentContract.findById(model.experimentContractId), bt);
        if (robust != null) {
            criteria.addAll(robust.criteria());
        }
        return Evaluation.of(bt.id(), bt.signature(), production == null ? null : production.id,
                List.copyOf(criteria), vs, robust);
    }

    /** The thresholds in force for this model and target stage: the floors, tightened by its experiment. */
    PromotionRules.Thresholds thresholds(RegisteredModel model, Stage stage) {
        ExperimentContract experiment = ExperimentContract.findById(model.experimentContractId);
        JsonNode tighter = experiment == null ? null : experiment.successCriteria();
        return PromotionRules.resolve(config.promotion(), stage, tighter, model.experimentContractId);
    }


    /** Days since the model last entered staging (0 when it is not in staging). */
    static Double stagingDays(RegisteredModel model, Instant now) {
        if (model.stage() != ModelStage.STAGING) {
            return 0.0;
        }
        ModelStageChange last = ModelStageChange.find("modelId = ?1 and toStage = ?2",
                Sort.descending("at").and("id"), model.modelId, ModelStage.STAGING).firstResult();
        if (last == null) {
            return 0.0;
        }
        return Duration.between(last.at, now).toSeconds() / 86_400.0;
    }
}
