package co.usdcop.gate.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/**
 * A backtest computed elsewhere (the researchers' automation), submitted with {@code saveBacktest}: the period, the
 * round trips and the metrics it claims. The service re-runs the model on its own features and marks the stored
 * backtest verified only if the claim is reproduced ({@link BacktestVerification}).
 */
@Input("SubmittedBacktestInput")
@Description("A backtest computed by automation, to be re-run and verified")
public record SubmittedBacktest(
        @Description("Registered model id") String modelId,
        @Description("Preset of date_ranges.yaml, or give from/to") String preset,
        LocalDate from,
        LocalDate to,
        @Description("Cost used, bps of traded notional; must match config/backtest.yaml") Double transactionCostBps,
        @Description("Closed round trips in opening order") List<Trade> trades,
        @Description("Metrics as computed; leave out what was not computed") Metrics metrics) {

    @Input("SubmittedTradeInput")
    @Description("A claimed round trip")
    public record Trade(
            @Description("+1 long, -1 short") int side,
            Instant entryTs,
            Instant exitTs,
            @Description("P&L after costs, USD") Double pnl) {
    }

    @Input("SubmittedMetricsInput")
    @Description("Claimed metrics (same definitions and units as BacktestMetrics)")
    public record Metrics(
            Double totalReturn,
            Double sharpe,
            Double sortino,
            Double maxDrawdown,
            Double calmar,
            Double winRate,
            Double profitFactor,
            Integer numberOfTrades,
            Double totalTradePnl,
            Double exposure) {
    }
}
