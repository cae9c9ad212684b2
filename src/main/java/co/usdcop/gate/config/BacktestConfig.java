package co.usdcop.gate.config;

import org.eclipse.microprofile.graphql.Description;

/** Costs, signal thresholds and engine limits of {@code config/backtest.yaml}. */
@Description("Backtest and paper-ledger settings")
public record BacktestConfig(
        String version,
        @Description("Starting equity, USD") double initialCapital,
        @Description("Cost in basis points of traded notional per unit of |change in position|") double transactionCostBps,
        @Description("Smallest cost multiplier a backtest may be run at (a what-if run: transactionCostBps x it)")
        double costMultiplierMin,
        @Description("Largest cost multiplier a backtest may be run at") double costMultiplierMax,
        @Description("Action above this is long (+1)") double longThreshold,
        @Description("Action below this is short (-1)") double shortThreshold,
        @Description("Trading days per year for annualisation") int annualizationDays,
        @Description("Annual risk-free rate, fraction") double riskFreeRate,
        @Description("Rows per batched ONNX call") int chunkRows,
        @Description("Backtests running at once on each replica") int maxConcurrent,
        @Description("Backtests that may wait in the shared queue (all replicas)") int queueCapacity,
        @Description("Seconds a replica holds a running backtest without renewing it before another may re-run it")
        int leaseSeconds,
        @Description("Runs of one backtest at most (the first and the re-runs after a lost lease) before it fails")
        int maxAttempts,
        @Description("Milliseconds between two looks at the shared queue and at a job's progress events")
        int pollMillis) {
}
