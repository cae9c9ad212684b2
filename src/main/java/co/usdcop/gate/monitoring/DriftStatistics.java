package co.usdcop.gate.monitoring;

import java.util.Arrays;

/**
 * Distribution-shift statistics of one feature: a recent window of values against reference values (the model's
 * training range in the service's own feature store). Pure functions over sorted, NaN-free arrays.
 *
 * <h2>Population Stability Index (dimensionless, ≥ 0)</h2>
 * <pre>
 *   edges  e_j = ref[⌈j·n/k⌉ − 1],  j = 1 … k−1      (the reference's empirical j/k-quantiles, ref sorted, n values)
 *   bins   (−∞, e_1], (e_1, e_2], …, (e_{k−1}, +∞)    (equal edges collapse: a feature with many equal values has
 *                                                       fewer bins, never an empty duplicate)
 *   p_i    = max(reference share of bin i, ε),  q_i = max(window share of bin i, ε)
 *   PSI    = Σ_i (q_i − p_i) · ln(q_i / p_i)
 * </pre>
 * 0 means the window fills the reference's deciles exactly as the reference does; the usual reading is &lt; 0.1 stable,
 * 0.1–0.25 moderate shift, ≥ 0.25 significant (thresholds in config/monitoring.yaml). Quantile bins make PSI
 * invariant under any increasing transformation of the feature, so raw values and z-scores (before clipping) give
 * the same PSI. ε (proportion_floor) keeps an empty bin from making PSI infinite.
 *
 * <h2>Two-sample Kolmogorov–Smirnov statistic (0 … 1)</h2>
 * <pre>
 *   D = sup_x | F_ref(x) − F_win(x) |,   F the empirical (right-continuous) CDFs
 * </pre>
 * computed by walking both sorted arrays, evaluating after every distinct value (ties in both samples are consumed
 * together). The asymptotic p-value uses the Kolmogorov distribution with the effective size n·m/(n+m) and
 * Stephens' correction λ = (√nₑ + 0.12 + 0.11/√nₑ)·D; it is informative only (levels use D).
 */
public final class DriftStatistics {

    private DriftStatistics() {
    }

    /** The distinct bin edges: the reference's empirical j/k-quantiles, j = 1 … k−1. */
    public static double[] binEdges(double[] sortedReference, int bins) {
        int n = sortedReference.length;
        if (n == 0 || bins < 2) {
            throw new IllegalArgumentException("bin edges need reference values and at least 2 bins");
        }
        double[] edges = new double[bins - 1];
        int count = 0;
        for (int j = 1; j < bins; j++) {
            int index = (int) Math.ceil((double) j * n / bins) - 1;
            double e = sortedReference[Math.max(0, index)];
            if (count == 0 || e > edges[count - 1]) {
                edges[count++] = e;
            }
        }
        return Arrays.copyOf(edges, count);
    }

    /** Share of the sorted values in each bin of {@code edges} (length edges + 1). */
    public static double[] binShares(double[] sortedValues, double[] edges) {
        double[] shares = new double[edges.length + 1];
        int bin = 0;
        for (double v : sortedValues) {
            while (bin < edges.length && v > edges[bin]) {
                bin++;
            }
            shares[bin]++;
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= sortedValues.length;
        }
        return shares;
    }

    /** PSI of the window against the reference with {@code bins} quantile bins and proportion floor {@code floor}. */
    public static double psi(double[] sortedReference, double[] sortedWindow, int bins, double floor) {
        if (sortedWindow.length == 0) {
            throw new IllegalArgumentException("PSI needs window values");
        }
        double[] edges = binEdges(sortedReference, bins);
        double[] p = binShares(sortedReference, edges);
        double[] q = binShares(sortedWindow, edges);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = Math.max(p[i], floor);
            double qi = Math.max(q[i], floor);
            sum += (qi - pi) * Math.log(qi / pi);
        }
        return sum;
    }

    /** The two-sample KS statistic D of two sorted, non-empty samples. */
    public static double ks(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("the KS statistic needs two non-empty samples");
        }
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < n && j < m) {
            double x = Math.min(a[i], b[j]);
            while (i < n && a[i] == x) {
                i++;
            }
            while (j < m && b[j] == x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        return d;
    }

    /** Asymptotic p-value of D for sample sizes n and m (Kolmogorov distribution, Stephens' correction). */
    public static double ksPValue(double d, int n, int m) {
        double ne = (double) n * m / (n + m);
        double sqrt = Math.sqrt(ne);
        double lambda = (sqrt + 0.12 + 0.11 / sqrt) * d;
        if (lambda < 1e-3) {
            return 1.0;
        }
        // Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}
        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 100; k++) {
            double term = sign * Math.exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-12) {
                break;
            }
            sign = -sign;
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }
}
