package co.usdcop.gate.config;

import org.eclipse.microprofile.graphql.Description;

/** Costs, signal thresholds and engine limits of {@code config/backtest.yaml}. */
@Description("Backtest and paper-ledger settings")
public record BacktestConfig(
        String version,
        @Description("Starting equity, USD") double initialCapital,
        @Description("Cost in basis points of traded notional per unit of |change in position|") double transactionCostBps,
        @Description("Action above this is long (+1)") double longThreshold,
        @Description("Action below this is short (-1)") double shortThreshold,
        @Description("Trading days per year for annualisation") int annualizationDays,
        @Description("Annual risk-free rate, fraction") double riskFreeRate,
        @Description("Rows per batched ONNX call") int chunkRows,
        @Description("Backtests running at once") int maxConcurrent,
        @Description("Backtests that may wait") int queueCapacity) {
}
