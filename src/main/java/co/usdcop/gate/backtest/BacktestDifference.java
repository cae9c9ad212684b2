package co.usdcop.gate.backtest;

import org.eclipse.microprofile.graphql.Description;

/** One value a submitted backtest claimed that the service's re-run did not reproduce. */
@Description("A submitted value that the re-run did not reproduce")
public record BacktestDifference(
        @Description("e.g. metrics.sharpe, trades[3].pnl, trades.count") String path,
        @Description("What was submitted (JSON)") String submitted,
        @Description("What the service computed (JSON)") String recomputed) {
}
