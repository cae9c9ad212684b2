package co.usdcop.gate.backtest;

/**
 * How much a Sharpe ratio can be trusted: the Probabilistic Sharpe Ratio (Bailey &amp; López de Prado, "The Sharpe
 * Ratio Efficient Frontier", Journal of Risk 15(2), 2012) and the Deflated Sharpe Ratio (Bailey &amp; López de Prado,
 * "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of
 * Portfolio Management 40(5), 2014). Pure functions, no I/O.
 *
 * <p><b>Units.</b> Every Sharpe ratio here is <em>per period</em> (per trading day), not annualised:
 * SR = mean(x) / s(x) over the T daily excess returns x_d, with s the sample standard deviation (T − 1), i.e. the
 * stored annualised Sharpe of {@link BacktestMetrics} divided by √A (A = annualization_days). The variance V of the
 * trials' Sharpe ratios is in the same unit, (per-day SR)²: an annualised variance would be A times larger and
 * would inflate the benchmark √A-fold.
 *
 * <p><b>Moments.</b> γ₃ (skewness) and γ₄ (kurtosis, not excess: 3 for a normal distribution) are the population
 * moments of the daily excess returns: m_k = (1/T) Σ (x_d − mean)^k, γ₃ = m₃ / m₂^{3/2}, γ₄ = m₄ / m₂².
 *
 * <p><b>PSR</b> (2012, eq. 11): the probability that the true Sharpe exceeds a benchmark SR* given the estimate:
 * <pre>
 *   PSR(SR*) = Φ( (SR − SR*) · √(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4 · SR²) )
 * </pre>
 * Φ is the standard normal CDF. The radicand is ≥ (1 − γ₃·SR/2)² ≥ 0 because γ₄ ≥ 1 + γ₃² for any sample; it is 0
 * only for a degenerate two-point sample, where PSR is undefined (null), as it is for T &lt; 2 or s = 0.
 *
 * <p><b>DSR</b> (2014, eq. 2 and the expected maximum of Proposition 1): PSR with the benchmark raised to the Sharpe
 * ratio that the best of N independent trials would show by luck alone when the true Sharpe of each is 0:
 * <pre>
 *   SR₀ = √V · ( (1 − γ) · Φ⁻¹(1 − 1/N) + γ · Φ⁻¹(1 − 1/(N·e)) ),   γ = 0.5772156649… (Euler–Mascheroni)
 *   DSR = PSR(SR₀)
 * </pre>
 * With N = 1 there is no selection: SR₀ = 0 and DSR = PSR(0).
 */
public final class SharpeInference {

    /** The Euler–Mascheroni constant γ. */
    public static final double EULER_MASCHERONI = 0.5772156649015329;

    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private SharpeInference() {
    }

    /**
     * The sample statistics of daily excess returns that PSR needs.
     *
     * @param observations T, number of returns
     * @param sharpe       per-day Sharpe mean / s (s with T − 1); null when T &lt; 2 or s = 0
     * @param skewness     γ₃ (population); null when T &lt; 2 or s = 0
     * @param kurtosis     γ₄ (population, not excess); null when T &lt; 2 or s = 0
     */
    public record Moments(int observations, Double sharpe, Double skewness, Double kurtosis) {
    }

    /** {@link Moments} of {@code x} (daily excess returns, fractions). */
    public static Moments moments(double[] x) {
        int t = x.length;
        if (t < 2) {
            return new Moments(t, null, null, null);
        }
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / t;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = v - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        if (m2 == 0) {
            return new Moments(t, null, null, null);
        }
        double sampleStd = Math.sqrt(m2 / (t - 1));
        m2 /= t;
        m3 /= t;
        m4 /= t;
        return new Moments(t, mean / sampleStd, m3 / Math.pow(m2, 1.5), m4 / (m2 * m2));
    }

    /**
     * PSR(SR*) as in the class comment; all Sharpe ratios per day.
     *
     * @return a probability in [0, 1]; null when {@code m} has no Sharpe or the radicand is not positive
     */
    public static Double probabilisticSharpe(Moments m, double benchmarkSharpe) {
        if (m.sharpe() == null) {
            return null;
        }
        double sr = m.sharpe();
        double radicand = 1.0 - m.skewness() * sr + (m.kurtosis() - 1.0) / 4.0 * sr * sr;
        if (!(radicand > 0)) {
            return null;
        }
        return normalCdf((sr - benchmarkSharpe) * Math.sqrt(m.observations() - 1.0) / Math.sqrt(radicand));
    }

    /**
     * SR₀, the expected maximum per-day Sharpe of {@code trials} independent trials whose per-day Sharpe ratios have
     * variance {@code variance} and true mean 0 (class comment). 0 for one trial or a zero variance.
     */
    public static double expectedMaxSharpe(int trials, double variance) {
        if (trials < 1 || !(variance >= 0)) {
            throw new IllegalArgumentException("need trials >= 1 and variance >= 0, got " + trials + ", " + variance);
        }
        if (trials == 1 || variance == 0) {
            return 0.0;
        }
        double n = trials;
        return Math.sqrt(variance) * ((1.0 - EULER_MASCHERONI) * normalQuantile(1.0 - 1.0 / n)
                + EULER_MASCHERONI * normalQuantile(1.0 - 1.0 / (n * Math.E)));
    }

    /**
     * Standard normal CDF Φ(x) = ½ + ½·erf(x / √2), with erf(z) = (2/√π)·e^{−z²}·Σ_{n≥0} 2ⁿ z^{2n+1} / (1·3·…·(2n+1))
     * (a series of positive terms, so no cancellation; absolute error below 1e-15). |z| &gt; 6 gives ±1 (erfc(6) ≈
     * 2e-17).
     */
    public static double normalCdf(double x) {
        double z = Math.abs(x) / SQRT_2;
        double erf;
        if (z > 6) {
            erf = 1.0;
        } else {
            double term = z;
            double sum = z;
            for (int n = 1; n < 1000 && term > 1e-17 * sum; n++) {
                term *= 2.0 * z * z / (2.0 * n + 1.0);
                sum += term;
            }
            erf = Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum);
        }
        return x >= 0 ? 0.5 + 0.5 * erf : 0.5 - 0.5 * erf;
    }

    /** Standard normal density φ(x). */
    static double normalDensity(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
    }

    /**
     * Φ⁻¹(p) for 0 &lt; p &lt; 1: P. J. Acklam's rational approximation (relative error 1.2e-9) refined by Newton
     * steps on {@link #normalCdf} until the step is below 1e-15, so it is as exact as Φ itself.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("a quantile needs 0 < p < 1, got " + p);
        }
        double x = acklam(p);
        for (int i = 0; i < 50; i++) {
            double step = (normalCdf(x) - p) / normalDensity(x);
            x -= step;
            if (Math.abs(step) < 1e-15 * Math.max(1.0, Math.abs(x))) {
                break;
            }
        }
        return x;
    }

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    private static double acklam(double p) {
        if (p < P_LOW || p > 1 - P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
            double x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
            return p < P_LOW ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }
}
