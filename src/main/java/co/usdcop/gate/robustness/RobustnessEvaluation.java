package co.usdcop.gate.robustness;

import co.usdcop.gate.backtest.BacktestService;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.backtest.BacktestTrials;
import co.usdcop.gate.backtest.DailyReturn;
import co.usdcop.gate.backtest.CostStressResult;
import co.usdcop.gate.backtest.SelectionStats;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.config.RobustnessPolicy;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.promotion.CriterionResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The robustness half of the automatic vote: {@link #evaluate} gathers the evidence (the backtest's deflated Sharpe,
 * a cost stress through the engine, Sharpe per quarter) and judges the stage's criteria of promotion.yaml on it;
 * {@link #record} keeps the report with the proposal.
 *
 * <p>Criteria (each only when the stage or the experiment requires it):
 * <ul>
 *   <li>{@code min_deflated_sharpe}: {@link SelectionStats#dsr()} ≥ threshold, with the trials of the family stored
 *       by the time of the vote (the backtest's own statistics froze N at its completion; variants run after it are
 *       trials of the selection too); undefined fails;</li>
 *   <li>{@code min_sharpe_at_cost_multiplier}: annualised Sharpe of the re-run at the multiplier ≥ threshold;
 *       undefined fails;</li>
 *   <li>{@code min_positive_quarter_share}: {@link QuarterlySharpe#positiveShare} ≥ threshold.</li>
 * </ul>
 * Thresholds are floors: the experiment's {@code evaluation.success_criteria} may raise one (same key; for the cost
 * criterion a number, the minimum Sharpe at the stage's multiplier, or at the first cost multiplier when the stage
 * has none), never lower it. The source says which one applied.
 */
@ApplicationScoped
public class RobustnessEvaluation {

    static final String MIN_DEFLATED_SHARPE = "min_deflated_sharpe";
    static final String MIN_SHARPE_AT_COST = "min_sharpe_at_cost_multiplier";
    static final String MIN_POSITIVE_QUARTERS = "min_positive_quarter_share";

    @Inject
    GateConfig config;

    @Inject
    BacktestStore backtests;

    @Inject
    BacktestService engine;

    @Inject
    BacktestTrials trials;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Off only where tests store backtests without market data behind them (fixtures of other features); on in
     * every deployed profile.
     */
    @ConfigProperty(name = "usdcop.promotion.robustness.enabled", defaultValue = "true")
    boolean enabled;

    /** The report for a proposal of {@code backtest} to {@code stage}; null when robustness evaluation is off. */
    public RobustnessReport evaluate(Stage stage, ExperimentContract experiment, BacktestSummary backtest) {
        if (!enabled) {
            return null;
        }
        RobustnessPolicy policy = config.robustness();
        List<DailyReturn> days = backtests.dailyReturns(backtest.id());
        SelectionStats selection = trials.now(backtest, days);
        List<CostStressResult> stress = engine.stressCosts(backtest, policy.costMultipliers());
        var rules = backtest.thresholds();
        List<QuarterlySharpe> quarters = QuarterlySharpe.of(days, rules.riskFreeRate(), rules.annualizationDays());
        Double share = QuarterlySharpe.positiveShare(quarters);

        List<CriterionResult> criteria = new ArrayList<>();
        for (Requirement r : requirements(stage, experiment)) {
            Double value = switch (r.name()) {
                case MIN_DEFLATED_SHARPE -> selection.dsr();
                case MIN_SHARPE_AT_COST -> stress.stream().filter(s -> s.multiplier() == r.costMultiplier())
                        .findFirst().map(CostStressResult::sharpe).orElse(null);
                default -> share;
            };
            criteria.add(atLeast(r, value));
        }
        return new RobustnessReport(backtest.id(), selection, stress, quarters, share, List.copyOf(criteria),
                stress.size(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * The robustness criteria a proposal of {@code backtest} to {@code stage} will be judged on, before it is made
     * (nothing is stored, the engine is not run): each with its threshold and source as {@link #evaluate} will apply
     * them, and the candidate's value now where it is read from stored rows (the deflated Sharpe against the trials
     * stored so far, the share of positive quarters); the Sharpe at a cost multiplier needs an engine run and is
     * judged when the proposal is made. Empty when robustness evaluation is off.
     */
    public List<RobustnessCriterionPreview> preview(Stage stage, ExperimentContract experiment,
            BacktestSummary backtest) {
        if (!enabled) {
            return List.of();
        }
        List<Requirement> required = requirements(stage, experiment);
        if (required.isEmpty()) {
            return List.of();
        }
        List<DailyReturn> days = backtests.dailyReturns(backtest.id());
        var rules = backtest.thresholds();
        Double share = QuarterlySharpe.positiveShare(QuarterlySharpe.of(days, rules.riskFreeRate(),
                rules.annualizationDays()));
        Double dsr = required.stream().anyMatch(r -> r.name().equals(MIN_DEFLATED_SHARPE))
                ? trials.now(backtest, days).dsr() : null;
        List<RobustnessCriterionPreview> out = new ArrayList<>();
        for (Requirement r : required) {
            switch (r.name()) {
                case MIN_DEFLATED_SHARPE -> out.add(r.preview("deflated Sharpe ratio (a probability, 0..1) against the"
                        + " trials of the experiment family stored when the vote is cast", dsr, true));
                case MIN_SHARPE_AT_COST -> out.add(r.preview("annualised Sharpe of the backtest re-run through the"
                        + " engine at " + r.costMultiplier() + " × transaction_cost_bps ("
                        + backtest.effectiveCostBps() * r.costMultiplier() + " bps); run when the proposal is made",
                        null, false));
                default -> out.add(r.preview("share of the backtest's calendar quarters with a positive Sharpe"
                        + " (0..1)", share, true));
            }
        }
        return List.copyOf(out);
    }

    /** A robustness criterion in force: name, threshold and source, and the cost multiplier of the cost criterion. */
    private record Requirement(String name, double threshold, String source, Double costMultiplier) {

        RobustnessCriterionPreview preview(String measures, Double value, boolean known) {
            return new RobustnessCriterionPreview(name, threshold, source, costMultiplier, measures, value,
                    known ? Boolean.valueOf(value != null && value >= threshold) : null);
        }
    }

    /**
     * The stage's robustness criteria with the stricter of the stage's floor and the experiment's value, in the
     * order deflated Sharpe, Sharpe at a cost multiplier, positive quarters; one list for the vote and the preview.
     */
    private List<Requirement> requirements(Stage stage, ExperimentContract experiment) {
        RobustnessPolicy policy = config.robustness();
        RobustnessPolicy.StageCriteria sc = policy.stage(stage);
        JsonNode tighter = experiment == null ? null : experiment.successCriteria();
        String yamlSource = "promotion.yaml:" + stage.key();
        String expSource = experiment == null ? yamlSource : "experiment:" + experiment.contractId;
        List<Requirement> out = new ArrayList<>();
        Floor dsr = floor(sc.minDeflatedSharpe(), tighter, MIN_DEFLATED_SHARPE, yamlSource, expSource);
        if (dsr != null) {
            out.add(new Requirement(MIN_DEFLATED_SHARPE, dsr.threshold(), dsr.source(), null));
        }
        Floor cost = floor(sc.minSharpeAtCost() == null ? null : sc.minSharpeAtCost().minSharpe(), tighter,
                MIN_SHARPE_AT_COST, yamlSource, expSource);
        if (cost != null) {
            double multiplier = sc.minSharpeAtCost() == null ? policy.costMultipliers().get(0)
                    : sc.minSharpeAtCost().multiplier();
            out.add(new Requirement(MIN_SHARPE_AT_COST, cost.threshold(), cost.source(), multiplier));
        }
        Floor stable = floor(sc.minPositiveQuarterShare(), tighter, MIN_POSITIVE_QUARTERS, yamlSource, expSource);
        if (stable != null) {
            out.add(new Requirement(MIN_POSITIVE_QUARTERS, stable.threshold(), stable.source(), null));
        }
        return out;
    }

    /** Keeps {@code report} (if any) as the robustness evidence of the proposal; append-only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID proposalId, RobustnessReport report) {
        if (report == null) {
            return;
        }
        em.createNativeQuery("insert into proposal_robustness (proposal_id, backtest_id, report, evaluated_at)"
                        + " values (?1, ?2, cast(?3 as jsonb), ?4)")
                .setParameter(1, proposalId).setParameter(2, report.backtestId())
                .setParameter(3, CanonicalJson.of(report)).setParameter(4, report.evaluatedAt()).executeUpdate();
    }

    /** The newest robustness report of a proposal, or null (none was evaluated). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public RobustnessReport latest(UUID proposalId) {
        List<?> rows = em.createNativeQuery("select cast(report as text) from proposal_robustness where proposal_id"
                + " = ?1 order by evaluated_at desc, id desc limit 1").setParameter(1, proposalId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        try {
            return CanonicalJson.MAPPER.readValue((String) rows.get(0), RobustnessReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored robustness report of proposal " + proposalId + " is unreadable", e);
        }
    }

    /**
     * The robustness values of an experiment's {@code success_criteria} that are looser than a stage's floor in
     * promotion.yaml (lower, since all three are minimums) or not numbers, one message each naming criterion, value
     * and floor; registration refuses the experiment when the list is not empty. Without it such a value would be
     * silently overruled by the floor, and the researcher would believe a weaker bar applies.
     */
    public static List<String> looserThanFloors(JsonNode successCriteria, RobustnessPolicy policy) {
        List<String> out = new ArrayList<>();
        if (successCriteria == null || !successCriteria.isObject()) {
            return out;
        }
        for (String key : List.of(MIN_DEFLATED_SHARPE, MIN_SHARPE_AT_COST, MIN_POSITIVE_QUARTERS)) {
            JsonNode v = successCriteria.get(key);
            if (v == null) {
                continue;
            }
            if (!v.isNumber()) {
                out.add("evaluation.success_criteria." + key + " must be a number (got '" + v.asText() + "')");
                continue;
            }
            for (Stage stage : Stage.values()) {
                RobustnessPolicy.StageCriteria sc = policy.stage(stage);
                Double floor = switch (key) {
                    case MIN_DEFLATED_SHARPE -> sc.minDeflatedSharpe();
                    case MIN_SHARPE_AT_COST -> sc.minSharpeAtCost() == null ? null : sc.minSharpeAtCost().minSharpe();
                    default -> sc.minPositiveQuarterShare();
                };
                if (floor != null && v.asDouble() < floor) {
                    out.add("evaluation.success_criteria." + key + " = " + v.asDouble() + " is looser than the "
                            + stage.key() + " floor " + floor + " of promotion.yaml");
                }
            }
        }
        return out;
    }

    /** A threshold in force and where it came from. */
    private record Floor(double threshold, String source) {
    }

    /** The stricter (higher) of the stage's value and the experiment's; null when neither requires it. */
    private static Floor floor(Double stage, JsonNode experiment, String key, String yamlSource, String expSource) {
        Double exp = experiment != null && experiment.path(key).isNumber() ? experiment.path(key).asDouble() : null;
        if (stage == null && exp == null) {
            return null;
        }
        if (stage == null || (exp != null && exp > stage)) {
            return new Floor(exp, expSource);
        }
        return new Floor(stage, yamlSource);
    }

    private static CriterionResult atLeast(Requirement r, Double value) {
        return new CriterionResult(r.name(), r.threshold(), value, value != null && value >= r.threshold(),
                r.source());
    }

}
