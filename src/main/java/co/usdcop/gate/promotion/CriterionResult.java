package co.usdcop.gate.promotion;

import org.eclipse.microprofile.graphql.Description;

@Description("One criterion of the automatic vote")
public record CriterionResult(
        @Description("min_sharpe, min_win_rate, max_drawdown, min_trades or min_staging_days") String name,
        @Description("The threshold applied") double threshold,
        @Description("The candidate's value; null when undefined (e.g. Sharpe without variance)") Double actual,
        boolean passed,
        @Description("Where the threshold came from: experiment:<contract id> or promotion.yaml:<stage>") String source) {
}
