package co.usdcop.gate.backtest;

import org.eclipse.microprofile.graphql.Description;

/**
 * A stored backtest re-run at a multiple of its transaction cost by {@link BacktestService#stressCosts}: same model,
 * same feature rows, same engine, only the cost differs. Not stored as a backtest (so not a trial).
 *
 * @param multiplier         multiple of the backtest's transaction_cost_bps
 * @param transactionCostBps the cost of the re-run, bps of traded notional per unit of |Δposition|
 * @param sharpe             annualised Sharpe of daily returns ({@link BacktestMetrics}); null if undefined
 * @param totalReturn        final / initial equity − 1, fraction
 */
@Description("The candidate re-run at a multiple of its transaction cost through the same engine")
public record CostStressResult(
        @Description("Multiple of transaction_cost_bps") double multiplier,
        @Description("Cost of the re-run, bps of traded notional per unit of |change in position|")
        double transactionCostBps,
        @Description("Annualised Sharpe of daily returns; null if undefined") Double sharpe,
        @Description("Final / initial equity - 1, fraction") double totalReturn) {
}
