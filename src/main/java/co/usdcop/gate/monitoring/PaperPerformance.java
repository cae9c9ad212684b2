package co.usdcop.gate.monitoring;

import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.backtest.EquityPoint;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

/**
 * Live (paper) performance of a model's recorded signals, booked with the backtest's accounting and costs, beside
 * the backtest it is judged against.
 */
@Description("Paper P&L of a model's live signals, beside its backtest")
public record PaperPerformance(
        String modelId,
        @Description("Shadow (staging) signals rather than production ones") boolean shadow,
        @Description("Signals written by replay mode (simulated clock), not live ticks") boolean replay,
        @Description("First bar booked (the first signal)") Instant from,
        @Description("Last bar booked") Instant to,
        @Description("Bars booked") int bars,
        @Description("Signals recorded in the period") int signals,
        @Description("Bars without a signal, the previous position held") int barsWithoutSignal,
        @Description("Backtest metrics of the paper path (USD, fractions); null with fewer than 2 bars")
        BacktestMetrics metrics,
        @Description("1 - last equity / running peak, fraction") Double currentDrawdown,
        @Description("Position held after the last bar: -1, 0, 1") Integer openPosition,
        @Description("Equity after each bar (evenly thinned to at most 2,000 points, last bar kept)")
        List<EquityPoint> equityCurve,
        @Description("The backtest it is compared with: the production proposal's, else the newest out-of-sample one")
        UUID backtestId,
        LocalDate backtestFrom,
        LocalDate backtestTo,
        @Description("Metrics of that backtest") BacktestMetrics backtestMetrics,
        @Description("Live drawdown that trips the kill switch (monitoring.yaml); production only")
        Double drawdownLimit) {
}
