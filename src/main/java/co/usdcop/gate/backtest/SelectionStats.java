package co.usdcop.gate.backtest;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/**
 * What a backtest's Sharpe ratio is worth given how many tries produced it, fixed when the backtest completes and
 * signed with it ({@link BacktestSignature#sealed}). Formulas and units: {@link SharpeInference}; trial counting:
 * {@link BacktestTrials}. Per-day Sharpe ratios are not annualised; the annualised ones are × √A.
 *
 * @param trials                 N: completed backtests of the experiment family (same experiment name, any
 *                               version, any of its models) whose period overlaps this one, this one included
 * @param trialSharpeVariance    V: sample variance (N − 1) of the N trials' per-day Sharpe ratios, (per-day SR)²;
 *                               a trial with an undefined Sharpe (no variance: it never traded) counts as SR 0;
 *                               null for N = 1
 * @param observations           T: daily returns
 * @param dailySharpe            SR per day, mean / sample std of daily excess returns; null if undefined
 * @param skewness               γ₃ of the daily excess returns
 * @param kurtosis               γ₄ (not excess) of the daily excess returns
 * @param psr                    PSR(0), probability that the true Sharpe is above 0
 * @param expectedMaxSharpe      SR₀ per day: the best of N zero-skill trials' expected Sharpe
 * @param expectedMaxSharpeAnnualized SR₀ × √A
 * @param dsr                    DSR = PSR(SR₀)
 * @param annualizationDays      A used for the annualised value
 */
@Description("Selection-bias statistics of a backtest: trials counted by the service, probabilistic and deflated"
        + " Sharpe ratio (Bailey & Lopez de Prado 2012, 2014); Sharpe ratios per trading day unless annualised")
public record SelectionStats(
        @Description("N: completed backtests of the experiment family (same experiment name, all versions) over an"
                + " overlapping period, this one included") int trials,
        @Description("V: sample variance of the trials' per-day Sharpe ratios; null for one trial")
        Double trialSharpeVariance,
        @Description("T: daily returns") int observations,
        @Description("Per-day Sharpe of daily excess returns (annualised Sharpe / sqrt(annualizationDays))")
        Double dailySharpe,
        @Description("Skewness of daily excess returns") Double skewness,
        @Description("Kurtosis of daily excess returns (3 for a normal distribution)") Double kurtosis,
        @Description("Probabilistic Sharpe ratio against a benchmark of 0: P(true Sharpe > 0)") Double psr,
        @Description("SR0: expected maximum per-day Sharpe of N zero-skill trials") double expectedMaxSharpe,
        @Description("SR0 annualised") double expectedMaxSharpeAnnualized,
        @Description("Deflated Sharpe ratio: P(true Sharpe > SR0)") Double dsr,
        @Description("Trading days per year used to annualise") int annualizationDays) {

    /**
     * The statistics of {@code days} (daily returns, excess over the daily risk-free rate rf_d = (1 + rf)^(1/A) − 1 as
     * in {@link BacktestMetrics}) given the family's trials.
     *
     * @param trialDailySharpes the per-day Sharpe ratios of all N trials, this backtest's included (undefined = 0)
     */
    public static SelectionStats of(List<DailyReturn> days, double riskFreeRate, int annualizationDays,
            double[] trialDailySharpes) {
        double rfDaily = Math.pow(1.0 + riskFreeRate, 1.0 / annualizationDays) - 1.0;
        double[] excess = new double[days.size()];
        for (int i = 0; i < excess.length; i++) {
            excess[i] = days.get(i).dailyReturn() - rfDaily;
        }
        SharpeInference.Moments m = SharpeInference.moments(excess);
        int n = trialDailySharpes.length;
        Double variance = n < 2 ? null : sampleVariance(trialDailySharpes);
        double sr0 = SharpeInference.expectedMaxSharpe(n, variance == null ? 0.0 : variance);
        return new SelectionStats(n, variance, m.observations(), m.sharpe(), m.skewness(), m.kurtosis(),
                SharpeInference.probabilisticSharpe(m, 0.0), sr0, sr0 * Math.sqrt(annualizationDays),
                SharpeInference.probabilisticSharpe(m, sr0), annualizationDays);
    }

    /** Σ (x − mean)² / (n − 1). */
    static double sampleVariance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return ss / (x.length - 1);
    }
}
