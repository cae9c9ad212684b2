package co.usdcop.gate.promotion;

import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.backtest.BacktestSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The automatic vote's arithmetic, free of I/O so it can be tested on hand-computed cases.
 *
 * <p>Criteria (each {name, threshold, actual, passed}):
 * <ul>
 * <li>min_sharpe: annualised Sharpe of daily returns ≥ threshold; an undefined Sharpe (null) fails.</li>
 * <li>min_win_rate: winning round trips / round trips ≥ threshold; null (no trades) fails.</li>
 * <li>max_drawdown: peak-to-trough fraction of the equity path ≤ threshold.</li>
 * <li>min_trades: closed round trips ≥ threshold.</li>
 * <li>min_staging_days (production only): days since the model last entered stage staging ≥ threshold; a model
 * not in staging has 0 days.</li>
 * </ul>
 *
 * <p>Comparison with the production model (same period, costs, engine version):
 * sharpeImprovement = (S_c − S_b) / |S_b| (a fraction; when |S_b| &lt; 1e-9 the plain difference S_c − S_b);
 * drawdownImprovement = (DD_b − DD_c) / DD_b (fraction; when DD_b = 0 the plain difference DD_b − DD_c);
 * either is null when a Sharpe is undefined. The improvement is met when sharpeImprovement ≥ improvement_threshold.
 *
 * <p>Recommendation and confidence: REJECT if any criterion fails, confidence = failed / total criteria;
 * PROMOTE if all pass and (no production model, confidence 0.9) or (improvement met, confidence 1.0);
 * REVIEW if all pass but the improvement is short (confidence 0.6) or the production model has no backtest under the
 * same conditions (confidence 0.5).
 */
public final class PromotionRules {

    static final double EPS = 1e-9;

    private PromotionRules() {
    }

    /** Thresholds in force and where each came from. */
    public record Thresholds(double minSharpe, String minSharpeSource, double minWinRate, String minWinRateSource,
            double maxDrawdown, String maxDrawdownSource, int minTrades, String minTradesSource,
            double improvementThreshold, Integer minStagingDays, String stagingSource) {
    }

    public record Recommendation(String recommendation, double confidence, String reason) {
    }

    public static List<CriterionResult> criteria(Thresholds t, BacktestMetrics m, Double stagingDays) {
        List<CriterionResult> out = new ArrayList<>();
        out.add(new CriterionResult("min_sharpe", t.minSharpe(), m.sharpe(),
                m.sharpe() != null && m.sharpe() >= t.minSharpe(), t.minSharpeSource()));
        out.add(new CriterionResult("min_win_rate", t.minWinRate(), m.winRate(),
                m.winRate() != null && m.winRate() >= t.minWinRate(), t.minWinRateSource()));
        out.add(new CriterionResult("max_drawdown", t.maxDrawdown(), m.maxDrawdown(),
                m.maxDrawdown() <= t.maxDrawdown(), t.maxDrawdownSource()));
        out.add(new CriterionResult("min_trades", t.minTrades(), (double) m.numberOfTrades(),
                m.numberOfTrades() >= t.minTrades(), t.minTradesSource()));
        if (t.minStagingDays() != null) {
            double days = stagingDays == null ? 0.0 : stagingDays;
            out.add(new CriterionResult("min_staging_days", t.minStagingDays(), days, days >= t.minStagingDays(),
                    t.stagingSource()));
        }
        return out;
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

    /** {@code vs} null means there is no production model to compare with. */
    public static Recommendation recommend(List<CriterionResult> criteria, VsBaseline vs) {
        List<String> failed = criteria.stream().filter(c -> !c.passed()).map(PromotionRules::describeFailure).toList();
        if (!failed.isEmpty()) {
            return new Recommendation("REJECT", (double) failed.size() / criteria.size(),
                    "Failed criteria: " + String.join("; ", failed) + ".");
        }
        if (vs == null) {
            return new Recommendation("PROMOTE", 0.9, "All " + criteria.size()
                    + " criteria pass; there is no production model to compare with.");
        }
        if (vs.baselineBacktestId() == null) {
            return new Recommendation("REVIEW", 0.5, "All " + criteria.size() + " criteria pass, but the improvement"
                    + " over " + vs.baselineModelId() + " could not be measured: " + vs.note());
        }
        if (!vs.improvementMet()) {
            return new Recommendation("REVIEW", 0.6, "All " + criteria.size() + " criteria pass, but the Sharpe"
                    + " improvement over " + vs.baselineModelId() + " is " + percent(vs.sharpeImprovement())
                    + ", short of the " + percent(vs.improvementThreshold()) + " required.");
        }
        return new Recommendation("PROMOTE", 1.0, "All " + criteria.size() + " criteria pass and the Sharpe improves"
                + " by " + percent(vs.sharpeImprovement()) + " over " + vs.baselineModelId() + ".");
    }

    private static String describeFailure(CriterionResult c) {
        String op = c.name().startsWith("max_") ? "<=" : ">=";
        return c.name() + " (actual " + (c.actual() == null ? "undefined" : round(c.actual())) + ", needs " + op + " "
                + round(c.threshold()) + ")";
    }

    private static String percent(Double f) {
        return f == null ? "undefined" : String.format(java.util.Locale.ROOT, "%.1f %%", f * 100);
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
