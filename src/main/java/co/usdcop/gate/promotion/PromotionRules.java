package co.usdcop.gate.promotion;

import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.config.PromotionPolicy;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.config.PromotionPolicy.StagePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The automatic vote's thresholds and arithmetic, free of I/O so it can be tested on hand-computed cases.
 *
 * <p><b>Thresholds are floors.</b> {@code config/promotion.yaml} sets, per target stage, the least a stage accepts.
 * An experiment's {@code evaluation.success_criteria} may only tighten them: {@link #looserThanFloors} lists every
 * criterion looser than any stage's floor (registration refuses those), and {@link #resolve} applies, per criterion,
 * the stricter of the floor and the experiment's value, naming the source of the value applied
 * ({@code promotion.yaml:<stage>} or {@code experiment:<contract id>}).
 *
 * <p>Criteria (each {name, threshold, actual, passed, source}); adding one is one more entry of the list:
 * <ul>
 * <li>min_sharpe: annualised Sharpe of daily returns ≥ threshold; an undefined Sharpe (null) fails.</li>
 * <li>min_win_rate: winning round trips / round trips ≥ threshold; null (no trades) fails.</li>
 * <li>max_drawdown: peak-to-trough fraction of the equity path ≤ threshold.</li>
 * <li>min_trades: closed round trips ≥ threshold.</li>
 * <li>min_staging_days (production only): whole days (rounded down) since the model last entered stage staging ≥
 * threshold; a model not in staging has 0 days. Rounding down does not change the verdict for a whole-day threshold
 * and keeps the evidence stable within a day.</li>
 * <li>improvement_threshold (only when a production model exists): sharpeImprovement over the production model ≥
 * threshold; an unmeasurable improvement (no baseline backtest under the same conditions, undefined Sharpe) fails.</li>
 * </ul>
 *
 * <p>Comparison with the production model (same period, costs, engine version):
 * sharpeImprovement = (S_c − S_b) / |S_b| (a fraction; when |S_b| &lt; 1e-9 the plain difference S_c − S_b);
 * drawdownImprovement = (DD_b − DD_c) / DD_b (fraction; when DD_b = 0 the plain difference DD_b − DD_c);
 * either is null when a Sharpe is undefined.
 *
 * <p>Recommendation and confidence: REJECT if any criterion fails, confidence = failed / total criteria (the
 * automatic vote then fails and only an admin override can approve); otherwise PROMOTE, confidence 1.0 when the
 * candidate beat a production model and 0.9 when there was none to compare with.
 */
public final class PromotionRules {

    static final double EPS = 1e-9;
    static final String IMPROVEMENT = "improvement_threshold";
    static final String STAGING_DAYS = "min_staging_days";

    private PromotionRules() {
    }

    /** Whether a threshold is a lower bound (the actual must reach it) or an upper bound. */
    public enum Bound {
        AT_LEAST, AT_MOST;

        /** The stricter of two values of a threshold with this bound. */
        double stricter(double a, double b) {
            return this == AT_LEAST ? Math.max(a, b) : Math.min(a, b);
        }

        boolean looser(double candidate, double floor) {
            return this == AT_LEAST ? candidate < floor : candidate > floor;
        }

        boolean passes(Double actual, double threshold) {
            return actual != null && (this == AT_LEAST ? actual >= threshold : actual <= threshold);
        }
    }

    /** One threshold in force and where it came from. */
    public record Threshold(String name, Bound bound, double value, String source) {
    }

    /** The thresholds of one target stage, in the order the criteria are shown. */
    public record Thresholds(List<Threshold> items) {

        public Threshold get(String name) {
            return items.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        }
    }

    /** The criteria an experiment may tighten, with their bounds. */
    static final List<Threshold> TIGHTENABLE = List.of(
            new Threshold("min_sharpe", Bound.AT_LEAST, 0, null),
            new Threshold("min_win_rate", Bound.AT_LEAST, 0, null),
            new Threshold("max_drawdown", Bound.AT_MOST, 0, null),
            new Threshold("min_trades", Bound.AT_LEAST, 0, null),
            new Threshold(IMPROVEMENT, Bound.AT_LEAST, 0, null));

    /** The floors of {@code config/promotion.yaml} for a stage. */
    public static Thresholds floors(PromotionPolicy policy, Stage stage) {
        StagePolicy sp = policy.stage(stage);
        String source = "promotion.yaml:" + stage.key();
        List<Threshold> out = new ArrayList<>();
        out.add(new Threshold("min_sharpe", Bound.AT_LEAST, sp.minSharpe(), source));
        out.add(new Threshold("min_win_rate", Bound.AT_LEAST, sp.minWinRate(), source));
        out.add(new Threshold("max_drawdown", Bound.AT_MOST, sp.maxDrawdown(), source));
        out.add(new Threshold("min_trades", Bound.AT_LEAST, sp.minTrades(), source));
        out.add(new Threshold(IMPROVEMENT, Bound.AT_LEAST, policy.improvementThreshold(), "promotion.yaml"));
        if (stage == Stage.PRODUCTION) {
            out.add(new Threshold(STAGING_DAYS, Bound.AT_LEAST, sp.minStagingDays(), source));
        }
        return new Thresholds(List.copyOf(out));
    }

    /**
     * The thresholds in force for a stage: per criterion the stricter of the floor and the experiment's
     * {@code success_criteria} value ({@code successCriteria} may be null); the source names the one applied (the
     * floor on a tie).
     */
    public static Thresholds resolve(PromotionPolicy policy, Stage stage, JsonNode successCriteria,
            String experimentContractId) {
        List<Threshold> out = new ArrayList<>();
        for (Threshold floor : floors(policy, stage).items()) {
            JsonNode v = successCriteria == null ? null : successCriteria.get(floor.name());
            if (v != null && v.isNumber() && floor.bound().looser(floor.value(), v.asDouble())) {
                out.add(new Threshold(floor.name(), floor.bound(), v.asDouble(), "experiment:" + experimentContractId));
            } else {
                out.add(floor);
            }
        }
        return new Thresholds(List.copyOf(out));
    }

    /**
     * Every criterion of {@code successCriteria} that is not a number or is looser than a stage's floor, as a
     * sentence naming the criterion, the value and the floor; empty when the experiment only tightens.
     */
    public static List<String> looserThanFloors(JsonNode successCriteria, PromotionPolicy policy) {
        List<String> out = new ArrayList<>();
        if (successCriteria == null || !successCriteria.isObject()) {
            return out;
        }
        for (Threshold criterion : TIGHTENABLE) {
            JsonNode v = successCriteria.get(criterion.name());
            if (v == null) {
                continue;
            }
            if (!v.isNumber()) {
                out.add("evaluation.success_criteria." + criterion.name() + " must be a number (got '" + v.asText()
                        + "')");
                continue;
            }
            for (Stage stage : Stage.values()) {
                Threshold floor = floors(policy, stage).get(criterion.name());
                if (floor.bound().looser(v.asDouble(), floor.value())) {
                    out.add("evaluation.success_criteria." + criterion.name() + " = " + round(v.asDouble())
                            + " is looser than the " + stage.key() + " floor " + round(floor.value()) + " of "
                            + "config/promotion.yaml (" + (floor.bound() == Bound.AT_LEAST ? "at least" : "at most")
                            + ")");
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The criteria of the automatic vote. {@code vs} is the comparison with the production model, null when there is
     * none (then the improvement criterion is not applied).
     */
    public static List<CriterionResult> criteria(Thresholds t, BacktestMetrics m, Double stagingDays, VsBaseline vs) {
        List<CriterionResult> out = new ArrayList<>();
        out.add(result(t.get("min_sharpe"), m.sharpe()));
        out.add(result(t.get("min_win_rate"), m.winRate()));
        out.add(result(t.get("max_drawdown"), m.maxDrawdown()));
        out.add(result(t.get("min_trades"), (double) m.numberOfTrades()));
        Threshold staging = t.get(STAGING_DAYS);
        if (staging != null) {
            out.add(result(staging, Math.floor(stagingDays == null ? 0.0 : stagingDays)));
        }
        if (vs != null) {
            out.add(result(t.get(IMPROVEMENT), vs.baselineBacktestId() == null ? null : vs.sharpeImprovement()));
        }
        return out;
    }

    private static CriterionResult result(Threshold t, Double actual) {
        return new CriterionResult(t.name(), t.value(), actual, t.bound().passes(actual, t.value()), t.source());
    }

    public static VsBaseline compare(String baselineModelId, BacktestSummary candidate, BacktestSummary baseline,
            double threshold) {
        BacktestMetrics c = candidate.metrics();
        if (baseline == null) {
            return new VsBaseline(baselineModelId, null, candidate.id(), c.sharpe(), null, null, c.maxDrawdown(), null,
                    null, threshold, false, "The production model " + baselineModelId + " has no verified backtest on "
                    + candidate.periodStart() + ".." + candidate.periodEnd() + " with the same costs, thresholds, data"
                    + " snapshot and engine " + candidate.engineVersion() + "; run one to compare.");
        }
        BacktestMetrics b = baseline.metrics();
        Double sharpeImprovement = sharpeImprovement(c.sharpe(), b.sharpe());
        double ddImprovement = drawdownImprovement(c.maxDrawdown(), b.maxDrawdown());
        boolean met = sharpeImprovement != null && sharpeImprovement >= threshold;
        return new VsBaseline(baselineModelId, baseline.id(), candidate.id(), c.sharpe(), b.sharpe(),
                sharpeImprovement, c.maxDrawdown(), b.maxDrawdown(), ddImprovement, threshold, met,
                "Both backtested on " + candidate.periodStart() + ".." + candidate.periodEnd() + " with engine "
                        + candidate.engineVersion() + ".");
    }

    public static Double sharpeImprovement(Double candidate, Double baseline) {
        if (candidate == null || baseline == null) {
            return null;
        }
        return Math.abs(baseline) < EPS ? candidate - baseline : (candidate - baseline) / Math.abs(baseline);
    }

    public static double drawdownImprovement(double candidate, double baseline) {
        return baseline < EPS ? baseline - candidate : (baseline - candidate) / baseline;
    }

    public record Recommendation(String recommendation, double confidence, String reason) {
    }

    /** {@code vs} null means there is no production model to compare with. */
    public static Recommendation recommend(List<CriterionResult> criteria, VsBaseline vs) {
        List<String> failed = criteria.stream().filter(c -> !c.passed()).map(c -> describeFailure(c, vs)).toList();
        if (!failed.isEmpty()) {
            return new Recommendation("REJECT", (double) failed.size() / criteria.size(),
                    "Failed criteria: " + String.join("; ", failed) + ".");
        }
        if (vs == null) {
            return new Recommendation("PROMOTE", 0.9, "All " + criteria.size()
                    + " criteria pass; there is no production model to compare with.");
        }
        return new Recommendation("PROMOTE", 1.0, "All " + criteria.size() + " criteria pass and the Sharpe improves"
                + " by " + percent(vs.sharpeImprovement()) + " over " + vs.baselineModelId() + ".");
    }

    private static String describeFailure(CriterionResult c, VsBaseline vs) {
        if (c.name().equals(IMPROVEMENT) && vs != null) {
            return vs.baselineBacktestId() == null
                    ? "improvement over " + vs.baselineModelId() + " not measurable (" + vs.note() + ")"
                    : "Sharpe improvement over " + vs.baselineModelId() + " is " + percent(c.actual()) + ", short of"
                            + " the " + percent(c.threshold()) + " required";
        }
        String op = c.name().startsWith("max_") ? "<=" : ">=";
        return c.name() + " (actual " + (c.actual() == null ? "undefined" : round(c.actual())) + ", needs " + op + " "
                + round(c.threshold()) + ")";
    }

    private static String percent(Double f) {
        return f == null ? "undefined" : String.format(Locale.ROOT, "%.1f %%", f * 100);
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
