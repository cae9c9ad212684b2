package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestVerificationTest {

    private static final BacktestSettings S = Fixtures.settings(2.5);
    private static final BacktestReport RUN = BacktestReport.of(new FastBacktestEngine().run(
            Fixtures.randomBars(8, 1_200, 13, 0.001, 0.01), Fixtures.identity(13),
            new Fixtures.RandomMlpPolicy(8, 15, 16, 1.0, 0.5), S, BacktestProgress.NONE), S);

    private static List<SubmittedBacktest.Trade> claimedTrades() {
        List<SubmittedBacktest.Trade> out = new ArrayList<>();
        for (RoundTrip t : RUN.trades()) {
            out.add(new SubmittedBacktest.Trade(t.side(), t.entryTs(), t.exitTs(), t.pnl()));
        }
        return out;
    }

    private static SubmittedBacktest claim(Double bps, List<SubmittedBacktest.Trade> trades,
            SubmittedBacktest.Metrics m) {
        return new SubmittedBacktest("m", null, null, null, bps, trades, m);
    }

    private static SubmittedBacktest.Metrics metrics(Double sharpe, Double profitFactor) {
        BacktestMetrics a = RUN.metrics();
        return new SubmittedBacktest.Metrics(a.totalReturn(), sharpe, a.sortino(), a.maxDrawdown(), a.calmar(),
                a.winRate(), profitFactor, a.numberOfTrades(), a.totalTradePnl(), a.exposure());
    }

    @Test
    void anExactClaimAndOneWithinToleranceAreReproduced() {
        assertTrue(BacktestVerification.compare(claim(2.5, claimedTrades(),
                metrics(RUN.metrics().sharpe(), RUN.metrics().profitFactor())), RUN, S).isEmpty());
        // another language's summation order: 1e-9 relative
        assertTrue(BacktestVerification.compare(claim(null, claimedTrades(),
                metrics(RUN.metrics().sharpe() * (1 + 1e-9), RUN.metrics().profitFactor())), RUN, S).isEmpty());
    }

    @Test
    void everyMismatchIsListedByPath() {
        List<SubmittedBacktest.Trade> trades = claimedTrades();
        SubmittedBacktest.Trade t0 = trades.get(0);
        trades.set(0, new SubmittedBacktest.Trade(-t0.side(), t0.entryTs(), t0.exitTs().plusSeconds(300),
                t0.pnl() + 1.0));
        var d = BacktestVerification.compare(claim(5.0, trades, metrics(RUN.metrics().sharpe() + 0.01, 999.0)),
                RUN, S);
        assertTrue(d.containsKey("costModel.transactionCostBps"), d.toString());
        assertTrue(d.containsKey("trades[0].side") && d.containsKey("trades[0].exitTs")
                && d.containsKey("trades[0].pnl"), d.toString());
        assertTrue(d.containsKey("metrics.sharpe"), d.toString());
        assertEquals(RUN.metrics().profitFactor() == null || RUN.metrics().profitFactor() != 999.0,
                d.containsKey("metrics.profitFactor"));

        var missing = BacktestVerification.compare(claim(null, trades.subList(1, trades.size()), null), RUN, S);
        assertEquals(trades.size() - 1, missing.get("trades.count").get("submitted"));
        assertEquals(RUN.trades().size(), missing.get("trades.count").get("recomputed"));
    }
}
