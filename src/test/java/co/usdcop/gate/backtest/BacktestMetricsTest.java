package co.usdcop.gate.backtest;

import static co.usdcop.gate.backtest.Fixtures.DAY0;
import static co.usdcop.gate.backtest.Fixtures.bar;
import static co.usdcop.gate.backtest.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import co.usdcop.gate.features.FeatureVector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against hand-computed values on paths built directly (no engine involved). */
class BacktestMetricsTest {

    /** Two bars per day over {@code equity.length / 2} days; positions as given; all bars decided. */
    private static BacktestPath path(double initial, double[] equity, byte[] position) {
        List<FeatureVector> bars = new ArrayList<>();
        for (int t = 0; t < equity.length; t++) {
            bars.add(bar(DAY0.plusDays(t / 2), t % 2 + 1, 100, 1.0, 0, 0));
        }
        float[] action = new float[equity.length];
        return new BacktestPath(bars, initial, 0.0, position, equity, action, new byte[equity.length]);
    }

    private static RoundTrip trade(double pnl) {
        return new RoundTrip(1, 1, Instant.EPOCH, Instant.EPOCH, 100, 100, 1, 100, pnl, pnl / 100, "signal");
    }

    // Equity 100 → day 1 (105, 110), day 2 (95, 99), day 3 (104, 108.9): daily returns +10 %, −10 %, +10 %
    private static final double[] EQUITY = {105, 110, 95, 99, 104, 108.9};
    private static final byte[] POSITIONS = {1, 1, 0, -1, -1, 0};

    @Test
    void dailyReturnsGroupEquityByTradingDate() {
        List<DailyReturn> days = BacktestMetrics.dailyReturns(path(100, EQUITY, POSITIONS));
        assertEquals(3, days.size());
        assertEquals(DAY0, days.get(0).date());
        assertEquals(110, days.get(0).equity(), 0);
        assertEquals(0.10, days.get(0).dailyReturn(), 1e-12);   // 110 / 100 − 1 (first day vs initial capital)
        assertEquals(-0.10, days.get(1).dailyReturn(), 1e-12);  // 99 / 110 − 1
        assertEquals(0.10, days.get(2).dailyReturn(), 1e-12);   // 108.9 / 99 − 1
    }

    @Test
    void returnRiskAndDrawdownMetrics() {
        BacktestPath p = path(100, EQUITY, POSITIONS);
        BacktestMetrics m = BacktestReport.of(p, settings(0)).metrics();
        assertEquals(0.089, m.totalReturn(), 1e-12);
        assertEquals(108.9, m.finalEquity(), 0);
        assertEquals(3, m.tradingDays());
        // mean 1/30, sample std √(0.02667/2) = 0.115470; 0.288675 × √252
        assertEquals(4.58257569495584, m.sharpe(), 1e-9);
        // downside deviation √(0.01 / 3) = 0.0577350; (1/30) / 0.0577350 × √252
        assertEquals(9.16515138991168, m.sortino(), 1e-9);
        // worst fall: peak 110 (day 1 bar 2) to trough 95 (day 2 bar 1): 1 − 95/110
        assertEquals(0.13636363636363635, m.maxDrawdown(), 1e-12);
        assertEquals(p.bars().get(1).ts(), m.maxDrawdownPeakTs());
        assertEquals(p.bars().get(2).ts(), m.maxDrawdownTroughTs());
        // 1.089^(252/3) − 1
        assertEquals(1288.2641288883594, m.annualizedReturn(), 1e-6);
        assertEquals(1288.2641288883594 / 0.13636363636363635, m.calmar(), 1e-5);
        // positions 1,1,0,−1,−1,0: 4 of 6 bars exposed; |Δ| = 1+0+1+1+0+1 = 4 over 3 days
        assertEquals(4 / 6.0, m.exposure(), 1e-12);
        assertEquals(4.0, m.totalTurnover(), 0);
        assertEquals(4 / 3.0, m.averageDailyTurnover(), 1e-12);
    }

    @Test
    void drawdownFromTheInitialCapitalIsDatedAtTheFirstBar() {
        BacktestPath p = path(100, new double[] {90, 95}, new byte[] {1, 0});
        BacktestMetrics m = BacktestReport.of(p, settings(0)).metrics();
        assertEquals(0.10, m.maxDrawdown(), 1e-12);
        assertEquals(p.bars().get(0).ts(), m.maxDrawdownPeakTs());
        assertEquals(p.bars().get(0).ts(), m.maxDrawdownTroughTs());
    }

    @Test
    void riskFreeRateIsCompoundedToADailyRateAndSubtracted() {
        double rf = 0.05;
        BacktestSettings s = new BacktestSettings(100, 0, 0.33, -0.33, 0.8, 5, 60, 252, rf, 4096);
        double daily = Math.pow(1.05, 1 / 252.0) - 1;
        double[] x = {0.10 - daily, -0.10 - daily, 0.10 - daily};
        double mean = (x[0] + x[1] + x[2]) / 3;
        double std = Math.sqrt(((x[0] - mean) * (x[0] - mean) + (x[1] - mean) * (x[1] - mean)
                + (x[2] - mean) * (x[2] - mean)) / 2);
        BacktestMetrics m = BacktestReport.of(path(100, EQUITY, POSITIONS), s).metrics();
        assertEquals(mean / std * Math.sqrt(252), m.sharpe(), 1e-9);
        assertEquals(mean / Math.sqrt(x[1] * x[1] / 3) * Math.sqrt(252), m.sortino(), 1e-9);
    }

    @Test
    void undefinedRatiosAreNull() {
        // one day: no Sharpe, no Sortino
        BacktestMetrics oneDay = BacktestReport.of(path(100, new double[] {101, 102}, new byte[] {1, 0}),
                settings(0)).metrics();
        assertNull(oneDay.sharpe());
        assertNull(oneDay.sortino());
        // constant daily return: std 0 → no Sharpe; no negative day → no Sortino; no drawdown → no Calmar
        BacktestMetrics steady = BacktestReport.of(path(100, new double[] {105, 110, 115, 121}, new byte[4]),
                settings(0)).metrics();
        assertNull(steady.sharpe());
        assertNull(steady.sortino());
        assertEquals(0.0, steady.maxDrawdown());
        assertNull(steady.maxDrawdownPeakTs());
        assertNull(steady.calmar());
        // no trades: no win rate, no profit factor, no average
        assertNull(steady.winRate());
        assertNull(steady.profitFactor());
        assertNull(steady.averageTradePnl());
        assertNull(steady.averageTradeReturn());
        assertEquals(0, steady.numberOfTrades());
        assertEquals(0.0, steady.exposure());
    }

    @Test
    void winRateProfitFactorAndTradePnlOverRoundTrips() {
        BacktestPath p = path(100, EQUITY, POSITIONS);
        var days = BacktestMetrics.dailyReturns(p);
        List<RoundTrip> trades = List.of(trade(30), trade(-10), trade(20), trade(0));
        BacktestMetrics m = BacktestMetrics.compute(p, trades, days, settings(0));
        assertEquals(4, m.numberOfTrades());
        assertEquals(0.5, m.winRate(), 0);                // 2 winners of 4; a zero P&L is not a win
        assertEquals(5.0, m.profitFactor(), 0);           // (30 + 20) / 10
        assertEquals(40.0, m.totalTradePnl(), 1e-12);
        assertEquals(10.0, m.averageTradePnl(), 1e-12);
        assertEquals(0.40, m.totalTradeReturn(), 1e-12);  // 40 / initial 100
        assertEquals(0.10, m.averageTradeReturn(), 1e-12); // mean of 0.3, −0.1, 0.2, 0

        BacktestMetrics noLoser = BacktestMetrics.compute(p, List.of(trade(5), trade(0)), days, settings(0));
        assertNull(noLoser.profitFactor(), "no losing trade: undefined, never 999");
        assertEquals(0.5, noLoser.winRate(), 0);
        BacktestMetrics allLosers = BacktestMetrics.compute(p, List.of(trade(-5), trade(-1)), days, settings(0));
        assertEquals(0.0, allLosers.profitFactor(), 0);
        assertEquals(0.0, allLosers.winRate(), 0);
    }

    @Test
    void metricsOfAnEngineRunAreConsistentWithItsTrades() {
        var bars = Fixtures.randomBars(11, 3_000, 13, 0.001, 0.01);
        var s = settings(2.5);
        BacktestPath p = new FastBacktestEngine().run(bars, Fixtures.identity(13),
                new Fixtures.RandomMlpPolicy(11, 15, 16, 2.0, 1.0), s, BacktestProgress.NONE);
        BacktestReport r = BacktestReport.of(p, s);
        assertEquals(r.metrics().totalReturn(), r.metrics().totalTradeReturn(), 1e-9);
        assertEquals(50, r.metrics().tradingDays());
        double[] dayReturns = r.dailyReturns().stream().mapToDouble(DailyReturn::dailyReturn).toArray();
        double compounded = Arrays.stream(dayReturns).map(x -> 1 + x).reduce(1, (a, b) -> a * b) - 1;
        assertEquals(r.metrics().totalReturn(), compounded, 1e-9);
    }
}
