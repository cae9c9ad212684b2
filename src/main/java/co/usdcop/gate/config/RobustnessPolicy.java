package co.usdcop.gate.config;

import co.usdcop.gate.config.PromotionPolicy.Stage;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;

/**
 * The robustness part of {@code config/promotion.yaml}: the cost multipliers of the cost stress and, per stage, the
 * optional criteria on the deflated Sharpe ratio, the Sharpe at a cost multiplier and the share of positive quarters.
 * Each is a floor: an experiment's {@code success_criteria} may only tighten it.
 *
 * @param costMultipliers the cost stress re-runs the candidate once per multiplier of {@code transaction_cost_bps}
 *                        (1 to 3 of them, each &gt; 1): at most 3 extra engine runs per automatic evaluation
 * @param stages          criteria per target stage; a stage without any has no robustness criteria
 */
public record RobustnessPolicy(List<Double> costMultipliers, Map<Stage, StageCriteria> stages) {

    /** At most this many cost multipliers, i.e. extra engine runs per automatic evaluation. */
    public static final int MAX_COST_MULTIPLIERS = 3;

    /**
     * The robustness criteria of one stage; null means the criterion is not required.
     *
     * @param minDeflatedSharpe       DSR (a probability, 0..1) at least
     * @param minSharpeAtCost         annualised Sharpe at a cost multiplier at least
     * @param minPositiveQuarterShare quarters with a positive Sharpe / quarters of the backtest, at least (0..1)
     */
    @Description("Robustness criteria of a stage; null when not required")
    public record StageCriteria(
            @Description("Minimum deflated Sharpe ratio (a probability)") Double minDeflatedSharpe,
            @Description("Minimum annualised Sharpe at a cost multiplier") CostCriterion minSharpeAtCost,
            @Description("Minimum share of calendar quarters with a positive Sharpe") Double minPositiveQuarterShare) {
    }

    /** Annualised Sharpe of the re-run at {@code multiplier} × transaction_cost_bps must be ≥ {@code minSharpe}. */
    @Description("Minimum annualised Sharpe when costs are multiplied")
    public record CostCriterion(
            @Description("Multiple of transaction_cost_bps; one of cost_stress.multipliers") double multiplier,
            @Description("Minimum annualised Sharpe at that cost") double minSharpe) {
    }

    /** The stage's criteria (none when the stage defines none). */
    public StageCriteria stage(Stage stage) {
        return stages.getOrDefault(stage, new StageCriteria(null, null, null));
    }
}
