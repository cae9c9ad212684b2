package co.usdcop.gate.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/**
 * The metrics of a backtest, each computed from the equity path ({@link BacktestPath}), the daily returns or the
 * closed round trips ({@link RoundTrips}). A metric that is undefined for the data is {@code null}, never a
 * sentinel such as 999 or 0. Fractions are plain fractions (0.05 = 5 %); money is USD.
 *
 * <p>Notation: E₀ initial capital, E[t] equity at the close of bar t, D = number of trading dates in the period,
 * r_d daily returns, A = annualization_days, rf_d = (1 + risk_free_rate)^(1/A) − 1 the daily risk-free rate,
 * x_d = r_d − rf_d the daily excess returns.
 *
 * @param totalReturn        E[n−1] / E₀ − 1, fraction
 * @param finalEquity        E[n−1], USD
 * @param tradingDays        D: distinct trading dates of the bars
 * @param sharpe             mean(x) / s(x) × √A, s = sample standard deviation (D − 1); null when D &lt; 2 or s = 0
 * @param sortino            mean(x) / DD × √A with downside deviation DD = √(Σ min(x_d, 0)² / D) over all days;
 *                           null when D &lt; 2 or no day has x_d &lt; 0
 * @param maxDrawdown        max over t of 1 − E[t] / max(E₀, E[0..t]), on the bar-by-bar equity path (not final
 *                           capital), fraction ≥ 0; 0 when equity never falls below a previous peak
 * @param maxDrawdownPeakTs  timestamp of the peak bar of the worst drawdown (the first bar when the peak is E₀);
 *                           null when maxDrawdown = 0
 * @param maxDrawdownTroughTs timestamp of the trough bar of the worst drawdown; null when maxDrawdown = 0
 * @param annualizedReturn   (E[n−1] / E₀)^(A / D) − 1, fraction per year (−1 if equity reached 0)
 * @param calmar             annualizedReturn / maxDrawdown; null when maxDrawdown = 0
 * @param numberOfTrades     closed round trips
 * @param winRate            round trips with P&amp;L &gt; 0 / round trips; null without round trips
 * @param profitFactor       Σ positive P&amp;L / |Σ negative P&amp;L| over round trips; null when no round trip lost
 *                           (undefined, never 999)
 * @param totalTradePnl      Σ round-trip P&amp;L, USD (= final − initial equity when every round trip is closed)
 * @param averageTradePnl    totalTradePnl / numberOfTrades, USD; null without round trips
 * @param totalTradeReturn   totalTradePnl / E₀, fraction of the initial capital
 * @param averageTradeReturn mean of the round trips' P&amp;L / entry equity, fraction; null without round trips
 * @param exposure           bars with a non-zero decided position / bars, fraction 0..1
 * @param totalTurnover      Σ |Δposition| over all bars, in units of the equity (1 = the whole equity traded once)
 * @param averageDailyTurnover totalTurnover / D, equity units per day
 * @param barsEvaluated      bars the policy decided
 * @param barsNotTraded      bars flattened for missing features or low quality
 */
@Description("Backtest metrics; null where undefined")
public record BacktestMetrics(
        @Description("Final / initial equity - 1, fraction") double totalReturn,
        @Description("USD") double finalEquity,
        @Description("Trading dates in the period") int tradingDays,
        @Description("Annualised Sharpe of daily returns; null if undefined") Double sharpe,
        @Description("Annualised Sortino of daily returns; null if no losing day") Double sortino,
        @Description("Largest peak-to-trough fall of the equity path, fraction") double maxDrawdown,
        @Description("Peak of the largest drawdown") Instant maxDrawdownPeakTs,
        @Description("Trough of the largest drawdown") Instant maxDrawdownTroughTs,
        @Description("Compound annual return, fraction") Double annualizedReturn,
        @Description("Annualised return / max drawdown; null if no drawdown") Double calmar,
        @Description("Closed round trips") int numberOfTrades,
        @Description("Winning round trips / round trips, fraction; null without trades") Double winRate,
        @Description("Gross profit / gross loss; null when no round trip lost") Double profitFactor,
        @Description("Sum of round-trip P&L, USD") double totalTradePnl,
        @Description("Average round-trip P&L, USD") Double averageTradePnl,
        @Description("Sum of round-trip P&L / initial capital, fraction") double totalTradeReturn,
        @Description("Average round-trip return, fraction") Double averageTradeReturn,
        @Description("Fraction of bars with a position") double exposure,
        @Description("Sum of |change in position|, equity units") double totalTurnover,
        @Description("Turnover per trading day, equity units") double averageDailyTurnover,
        @Description("Bars decided by the policy") int barsEvaluated,
        @Description("Bars not traded (missing features or low quality)") int barsNotTraded) {

    /**
     * Daily returns: the path grouped by trading date (bars in order), with E_d = equity at the day's last bar and
     * r_d = E_d / E_{d−1} − 1, where E_{d−1} is the previous trading date's E (E₀ for the first date).
     */
    public static List<DailyReturn> dailyReturns(BacktestPath path) {
        int[] ends = path.columns().dayEnds();
        List<DailyReturn> out = new ArrayList<>(ends.length);
        double previous = path.initialCapital();
        for (int end : ends) {
            double e = path.equity()[end];
            out.add(new DailyReturn(path.bars().get(end).tradingDate(), e, e / previous - 1.0));
            previous = e;
        }
        return out;
    }

    /** All metrics of a path; {@code trades} are {@link RoundTrips#of} the same path. */
    public static BacktestMetrics compute(BacktestPath path, List<RoundTrip> trades, List<DailyReturn> days,
            BacktestSettings s) {
        int n = path.size();
        double e0 = path.initialCapital();
        double eN = path.finalEquity();
        int d = days.size();
        int a = s.annualizationDays();

        double[] excess = new double[d];
        double rfDaily = Math.pow(1.0 + s.riskFreeRate(), 1.0 / a) - 1.0;
        for (int i = 0; i < d; i++) {
            excess[i] = days.get(i).dailyReturn() - rfDaily;
        }
        Double sharpe = sharpe(excess, a);
        Double sortino = sortino(excess, a);

        Drawdown dd = maxDrawdown(path);
        Double annualized = d == 0 ? null : eN <= 0 ? -1.0 : Math.pow(eN / e0, (double) a / d) - 1.0;
        Double calmar = dd.depth > 0 && annualized != null ? annualized / dd.depth : null;

        int wins = 0;
        double grossProfit = 0;
        double grossLoss = 0;
        double sumReturn = 0;
        boolean anyLoss = false;
        for (RoundTrip rt : trades) {
            if (rt.pnl() > 0) {
                wins++;
                grossProfit += rt.pnl();
            } else if (rt.pnl() < 0) {
                anyLoss = true;
                grossLoss -= rt.pnl();
            }
            sumReturn += rt.returnFraction();
        }
        int m = trades.size();
        double totalPnl = grossProfit - grossLoss;

        int exposed = 0;
        int evaluated = 0;
        int notTraded = 0;
        double turnover = 0;
        for (int t = 0; t < n; t++) {
            int q = path.position()[t];
            if (q != 0) {
                exposed++;
            }
            turnover += Math.abs(q - path.positionBefore(t));
            switch (path.reasonAt(t)) {
                case DECIDED -> evaluated++;
                case MISSING_FEATURE, LOW_QUALITY, FAIL_SAFE -> notTraded++;
                case FINAL_BAR, HELD -> { }
            }
        }

        return new BacktestMetrics(eN / e0 - 1.0, eN, d, sharpe, sortino, dd.depth,
                dd.depth > 0 ? path.bars().get(Math.max(dd.peak, 0)).ts() : null,
                dd.depth > 0 ? path.bars().get(dd.trough).ts() : null,
                annualized, calmar, m,
                m == 0 ? null : (double) wins / m,
                anyLoss ? grossProfit / grossLoss : null,
                totalPnl, m == 0 ? null : totalPnl / m, totalPnl / e0, m == 0 ? null : sumReturn / m,
                (double) exposed / n, turnover, d == 0 ? 0.0 : turnover / d, evaluated, notTraded);
    }

    /** mean / sample std × √A; null when fewer than 2 values or std = 0. */
    public static Double sharpe(double[] x, int annualizationDays) {
        int d = x.length;
        if (d < 2) {
            return null;
        }
        double mean = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (d - 1));
        return std == 0 ? null : mean / std * Math.sqrt(annualizationDays);
    }

    /** mean / √(Σ min(x, 0)² / D) × √A; null when fewer than 2 values or none is negative. */
    static Double sortino(double[] x, int annualizationDays) {
        int d = x.length;
        if (d < 2) {
            return null;
        }
        double downside = 0;
        for (double v : x) {
            if (v < 0) {
                downside += v * v;
            }
        }
        if (downside == 0) {
            return null;
        }
        return mean(x) / Math.sqrt(downside / d) * Math.sqrt(annualizationDays);
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The maxDrawdown metric of a path (fraction ≥ 0), for callers that need only the depth. */
    public static double maxDrawdownDepth(BacktestPath path) {
        return maxDrawdown(path).depth;
    }

    /** Worst peak-to-trough fall; peak index −1 stands for E₀ (reported at the first bar). */
    private record Drawdown(double depth, int peak, int trough) {
    }

    private static Drawdown maxDrawdown(BacktestPath path) {
        double peak = path.initialCapital();
        int peakIndex = -1;
        double worst = 0;
        int worstPeak = -1;
        int worstTrough = -1;
        double[] e = path.equity();
        for (int t = 0; t < e.length; t++) {
            if (e[t] > peak) {
                peak = e[t];
                peakIndex = t;
            } else {
                double depth = 1.0 - e[t] / peak;
                if (depth > worst) {
                    worst = depth;
                    worstPeak = peakIndex;
                    worstTrough = t;
                }
            }
        }
        return new Drawdown(worst, worstPeak, worstTrough);
    }
}
