package co.usdcop.gate.backtest;

import java.util.List;

/** A finished backtest's path with everything derived from it: round trips, daily returns and metrics. */
public record BacktestReport(BacktestPath path, List<RoundTrip> trades, List<DailyReturn> dailyReturns,
        BacktestMetrics metrics) {

    /** Derives trades, daily returns and metrics from a path. */
    public static BacktestReport of(BacktestPath path, BacktestSettings settings) {
        List<RoundTrip> trades = RoundTrips.of(path);
        List<DailyReturn> days = BacktestMetrics.dailyReturns(path);
        return new BacktestReport(path, trades, days, BacktestMetrics.compute(path, trades, days, settings));
    }
}
