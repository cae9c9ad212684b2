package co.usdcop.gate.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;

/** A stored backtest without its curves and trades (those are read separately and paged). */
@Description("A stored backtest")
public record BacktestSummary(
        UUID id,
        String modelId,
        @Description("First trading date, inclusive") LocalDate periodStart,
        @Description("Last trading date, inclusive") LocalDate periodEnd,
        @Description("validation, test or custom") String periodType,
        @Description("True only if the period does not overlap the model's training range") boolean outOfSample,
        @Description("queued, running, completed, failed or cancelled") String status,
        @Description("service, automation or synthetic") String runSource,
        @Description("The service re-ran it and reproduced it") boolean verified,
        @Description("SHA-256 over inputs, trades, equity curve and metrics") String signature,
        String modelHash,
        String normStatsHash,
        String dataSnapshotHash,
        String engineVersion,
        BacktestSettings.CostModel costModel,
        BacktestSettings.DecisionRules thresholds,
        BacktestMetrics metrics,
        @Description("Bars replayed") Integer barCount,
        @Description("Closed round trips") Integer tradeCount,
        String createdBy,
        Instant runAt,
        Instant completedAt,
        @Description("Where a submitted backtest was not reproduced; empty when verified or run here")
        List<BacktestDifference> differences,
        @Description("The run charged transaction_cost_bps × this (dimensionless). 1 is the cost in force; any other"
                + " multiplier makes it a what-if run, which can never back a promotion proposal")
        double costMultiplier,
        @Description("Basis points of traded notional per unit of |change in position| this run charged: the"
                + " transaction_cost_bps in force when it ran × costMultiplier (= costModel.transactionCostBps)")
        double effectiveCostBps) {

    /** The {@link #status} as its type. */
    @Ignore
    public BacktestStatus state() {
        return BacktestStatus.of(status);
    }

    /** Whether the run charged the cost in force (multiplier exactly 1), the only cost a proposal may rest on. */
    public static boolean atStandardCost(BacktestSummary b) {
        return b.costMultiplier() == 1.0;
    }
}
