package co.usdcop.gate.backtest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a submitted backtest with the service's re-run. Reproduced means: the same cost, the same number of round
 * trips with the same side, entry and exit bar, every claimed P&amp;L and metric within
 * {@code |claimed − recomputed| ≤ 1e-6 × max(1, |recomputed|)} (room for another language's summation order, not
 * for another result), and no claimed value where the metric is undefined (e.g. a profit factor of 999 where no
 * round trip lost). Differences are listed by path, at most {@value #MAX_DIFFERENCES}.
 */
public final class BacktestVerification {

    static final int MAX_DIFFERENCES = 50;
    static final double TOLERANCE = 1e-6;

    private BacktestVerification() {
    }

    /** The differences, empty when the claim is reproduced; each entry maps a path to {submitted, recomputed}. */
    public static Map<String, Map<String, Object>> compare(SubmittedBacktest claim, BacktestReport rerun,
            BacktestSettings settings) {
        Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
        if (claim.transactionCostBps() != null && !close(claim.transactionCostBps(), settings.transactionCostBps())) {
            put(diff, "costModel.transactionCostBps", claim.transactionCostBps(), settings.transactionCostBps());
        }
        List<SubmittedBacktest.Trade> trades = claim.trades() == null ? List.of() : claim.trades();
        List<RoundTrip> actual = rerun.trades();
        if (trades.size() != actual.size()) {
            put(diff, "trades.count", trades.size(), actual.size());
        }
        for (int i = 0; i < Math.min(trades.size(), actual.size()); i++) {
            SubmittedBacktest.Trade c = trades.get(i);
            RoundTrip r = actual.get(i);
            String p = "trades[" + i + "].";
            if (c.side() != r.side()) {
                put(diff, p + "side", c.side(), r.side());
            }
            if (!Objects.equals(c.entryTs(), r.entryTs())) {
                put(diff, p + "entryTs", c.entryTs(), r.entryTs());
            }
            if (!Objects.equals(c.exitTs(), r.exitTs())) {
                put(diff, p + "exitTs", c.exitTs(), r.exitTs());
            }
            if (c.pnl() != null && !close(c.pnl(), r.pnl())) {
                put(diff, p + "pnl", c.pnl(), r.pnl());
            }
        }
        SubmittedBacktest.Metrics m = claim.metrics();
        if (m != null) {
            BacktestMetrics a = rerun.metrics();
            metric(diff, "totalReturn", m.totalReturn(), a.totalReturn());
            metric(diff, "sharpe", m.sharpe(), a.sharpe());
            metric(diff, "sortino", m.sortino(), a.sortino());
            metric(diff, "maxDrawdown", m.maxDrawdown(), a.maxDrawdown());
            metric(diff, "calmar", m.calmar(), a.calmar());
            metric(diff, "winRate", m.winRate(), a.winRate());
            metric(diff, "profitFactor", m.profitFactor(), a.profitFactor());
            metric(diff, "totalTradePnl", m.totalTradePnl(), a.totalTradePnl());
            metric(diff, "exposure", m.exposure(), a.exposure());
            if (m.numberOfTrades() != null && m.numberOfTrades() != a.numberOfTrades()) {
                put(diff, "metrics.numberOfTrades", m.numberOfTrades(), a.numberOfTrades());
            }
        }
        return diff;
    }

    private static void metric(Map<String, Map<String, Object>> diff, String name, Double claimed, Double actual) {
        if (claimed == null) {
            return;
        }
        if (actual == null || !close(claimed, actual)) {
            put(diff, "metrics." + name, claimed, actual);
        }
    }

    private static boolean close(double claimed, double actual) {
        return Math.abs(claimed - actual) <= TOLERANCE * Math.max(1.0, Math.abs(actual));
    }

    private static void put(Map<String, Map<String, Object>> diff, String path, Object submitted, Object recomputed) {
        if (diff.size() >= MAX_DIFFERENCES) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("submitted", submitted);
        d.put("recomputed", recomputed);
        diff.put(path, d);
    }
}
