package co.usdcop.gate.robustness;

import co.usdcop.gate.backtest.CostStressResult;
import co.usdcop.gate.backtest.SelectionStats;
import co.usdcop.gate.promotion.CriterionResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

/**
 * What {@link RobustnessEvaluation} found for a proposal's backtest: the evidence and the criteria judged on it.
 *
 * @param backtestId           the candidate's backtest
 * @param selection            trials, PSR and DSR of the backtest against the family's trials stored at the time of
 *                             the evaluation (the backtest itself keeps those at its completion)
 * @param costStress           one re-run per cost multiplier of promotion.yaml
 * @param quarters             Sharpe per calendar quarter
 * @param positiveQuarterShare quarters with a positive Sharpe / quarters
 * @param criteria             the stage's robustness criteria with value, threshold, source and verdict
 * @param engineRuns           engine runs this evaluation cost (= cost multipliers)
 * @param evaluatedAt          when
 */
@Description("Robustness evidence of a proposal: deflated Sharpe, cost stress, quarterly stability and their criteria")
public record RobustnessReport(
        UUID backtestId,
        @Description("Trials, PSR and DSR against the family's trials at the time of the evaluation")
        SelectionStats selection,
        @Description("The candidate re-run at each cost multiplier of promotion.yaml") List<CostStressResult> costStress,
        @Description("Sharpe per calendar quarter of the backtest") List<QuarterlySharpe> quarters,
        @Description("Quarters with a positive Sharpe / quarters; null without days") Double positiveQuarterShare,
        @Description("min_deflated_sharpe, min_sharpe_at_cost_multiplier, min_positive_quarter_share as required by"
                + " the stage") List<CriterionResult> criteria,
        @Description("Backtest engine runs this evaluation cost") int engineRuns,
        Instant evaluatedAt) {
}
