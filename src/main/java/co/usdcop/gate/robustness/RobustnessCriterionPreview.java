package co.usdcop.gate.robustness;

import org.eclipse.microprofile.graphql.Description;

/**
 * A robustness criterion a proposal will be judged on, shown before it is made ({@code proposalPreview}).
 *
 * @param name           min_deflated_sharpe, min_sharpe_at_cost_multiplier or min_positive_quarter_share
 * @param threshold      the value in force: the stricter of the stage's floor and the experiment's
 * @param source         {@code promotion.yaml:<stage>} or {@code experiment:<contract id>}
 * @param costMultiplier the multiple of transaction_cost_bps of the cost criterion; null for the others
 * @param measures       what is measured, with its unit
 * @param actual         the candidate's value now when it is read from stored rows; null when it needs an engine run
 *                       (the cost criterion) or is undefined
 * @param passed         whether {@code actual} meets the threshold now; null when not known before the proposal
 */
@Description("A robustness criterion the automatic vote will judge (robustness criteria of promotion.yaml, tightened"
        + " by the experiment)")
public record RobustnessCriterionPreview(
        @Description("min_deflated_sharpe, min_sharpe_at_cost_multiplier or min_positive_quarter_share") String name,
        @Description("The threshold in force (at least)") double threshold,
        @Description("Where the threshold came from: experiment:<contract id> or promotion.yaml:<stage>") String source,
        @Description("Multiple of transaction_cost_bps the cost criterion re-runs the backtest at; null for the others")
        Double costMultiplier,
        @Description("What is measured, with its unit") String measures,
        @Description("The candidate's value now when it can be read without running the engine; null for the cost"
                + " criterion, judged when the proposal is made") Double actual,
        @Description("Whether the value meets the threshold now; null when only the proposal will tell") Boolean passed) {
}
