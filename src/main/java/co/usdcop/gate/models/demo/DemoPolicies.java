package co.usdcop.gate.models.demo;

import co.usdcop.gate.models.MlpWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights and norm stats of the demo policies, hand-written (no training), hidden width 8, output clipped to
 * [-1, 1]:
 * <ul>
 *   <li><b>momentum</b> and <b>mean reversion</b> read only the normalised returns (observation indices 0, 1, 2 =
 *       log_ret_5m, log_ret_1h, log_ret_4h): a trend signal {@code s = 0.5·z5m + 1.0·z1h + 0.5·z4h} goes through two
 *       tanh layers; momentum outputs {@code +1.5·tanh(2·tanh(s))} (long after rising returns), mean reversion the
 *       opposite. They re-decide at every bar and pay for it: both fail the automatic vote.</li>
 *   <li><b>opening gap</b> ({@link #openingGap()}) trades once a session: at the close of a session's first bar it
 *       takes the side of that bar's move (log_ret_5m, which includes the overnight gap), holds it and closes at the
 *       session's last bar. The synthetic demo market ({@code SyntheticMarketGenerator}) brings 35 % of a day's macro
 *       driver in the overnight gap and spreads 65 % over the session, so the gap's sign forecasts the session's
 *       drift: the policy passes the staging thresholds there, which lets the whole promotion flow be tried in dev
 *       mode. A property of the generator, not of USD/COP.</li>
 * </ul>
 */
public final class DemoPolicies {

    public static final String MOMENTUM = "demo-momentum";
    public static final String MEAN_REVERSION = "demo-meanrev";
    public static final String OPENING_GAP = "demo-opening-gap";
    static final int WIDTH = 15;
    static final int HIDDEN = 8;

    private DemoPolicies() {
    }

    public static MlpWeights momentum() {
        return trend(1f);
    }

    public static MlpWeights meanReversion() {
        return trend(-1f);
    }

    /** Observation indices the opening-gap policy reads: log_ret_5m, position and time_normalized. */
    private static final int LOG_RET_5M = 0;
    private static final int POSITION = 13;
    private static final int TIME = 14;

    /**
     * The opening-gap policy as an MLP. With p = position, τ = time_normalized (0 at a session's first bar, 1 at its
     * last) and z = the normalised log_ret_5m, each tanh unit is a soft yes (≈ +1) / no (≈ −1):
     * <pre>
     *   layer 1:  held  = tanh(10·p)              ≈ p
     *             last  = tanh(300·(τ − 0.99))     yes only at τ = 1        (τ = 58/59 gives −0.97)
     *             first = tanh(300·(0.01 − τ))     yes only at τ = 0        (τ = 1/59 gives −0.97)
     *             up    = tanh(2·z)                the sign of the opening move, soft below |z| ≈ 0.5
     *   layer 2:  keepLong  = tanh(8·( held − last − 1.5))   long and not the last bar
     *             keepShort = tanh(8·(−held − last − 1.5))   short and not the last bar
     *             goLong    = tanh(8·(first + up − 1.5))     first bar, opening move up   (z ≳ 0.3)
     *             goShort   = tanh(8·(first − up − 1.5))     first bar, opening move down
     *   action = ½·(keepLong − keepShort + goLong − goShort)     +1 long, −1 short, 0 flat
     * </pre>
     * An opening move below |z| ≈ 0.3 (log_ret_5m within about ±2.4 bp) leaves the policy flat for the session.
     */
    public static MlpWeights openingGap() {
        float[][] w1 = new float[HIDDEN][WIDTH];
        float[] b1 = new float[HIDDEN];
        w1[0][POSITION] = 10f;
        w1[1][TIME] = 300f;
        b1[1] = -297f;
        w1[2][TIME] = -300f;
        b1[2] = 3f;
        w1[3][LOG_RET_5M] = 2f;
        float[][] w2 = new float[HIDDEN][HIDDEN];
        float[] b2 = new float[HIDDEN];
        gate(w2[0], b2, 0, 1f, -1f, 0f, 0f);
        gate(w2[1], b2, 1, -1f, -1f, 0f, 0f);
        gate(w2[2], b2, 2, 0f, 0f, 1f, 1f);
        gate(w2[3], b2, 3, 0f, 0f, 1f, -1f);
        float[][] w3 = new float[1][HIDDEN];
        w3[0][0] = 0.5f;
        w3[0][1] = -0.5f;
        w3[0][2] = 0.5f;
        w3[0][3] = -0.5f;
        return new MlpWeights(List.of(
                new MlpWeights.Layer(w1, b1),
                new MlpWeights.Layer(w2, b2),
                new MlpWeights.Layer(w3, new float[1])), true);
    }

    /** A layer-2 unit {@code tanh(8·(Σ sign·unit − 1.5))} over the four layer-1 units held, last, first, up. */
    private static void gate(float[] row, float[] bias, int unit, float held, float last, float first, float up) {
        row[0] = 8 * held;
        row[1] = 8 * last;
        row[2] = 8 * first;
        row[3] = 8 * up;
        bias[unit] = -8 * 1.5f;
    }

    private static MlpWeights trend(float sign) {
        float[][] w1 = new float[HIDDEN][WIDTH];
        w1[0][0] = 0.5f;
        w1[0][1] = 1.0f;
        w1[0][2] = 0.5f;
        float[][] w2 = new float[HIDDEN][HIDDEN];
        w2[0][0] = 2f;
        float[][] w3 = new float[1][HIDDEN];
        w3[0][0] = 1.5f * sign;
        return new MlpWeights(List.of(
                new MlpWeights.Layer(w1, new float[HIDDEN]),
                new MlpWeights.Layer(w2, new float[HIDDEN]),
                new MlpWeights.Layer(w3, new float[1])), true);
    }

    /**
     * Plausible USD/COP 5-minute statistics (mean, std) in each feature's units: returns centred on 0 with std
     * growing with the horizon, RSI around 50, ATR about 0.12% of price, macro z-scores standard.
     */
    public static Map<String, double[]> normStats() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("log_ret_5m", new double[] {0.0, 0.0008});
        s.put("log_ret_1h", new double[] {0.0, 0.0028});
        s.put("log_ret_4h", new double[] {0.0, 0.0055});
        s.put("rsi_9", new double[] {50.0, 12.0});
        s.put("atr_pct", new double[] {0.0012, 0.0005});
        s.put("adx_14", new double[] {22.0, 9.0});
        s.put("dxy_z", new double[] {0.0, 1.0});
        s.put("dxy_change_1d", new double[] {0.0, 0.004});
        s.put("vix_z", new double[] {0.0, 1.0});
        s.put("embi_z", new double[] {0.0, 1.0});
        s.put("brent_change_1d", new double[] {0.0, 0.02});
        s.put("rate_spread", new double[] {6.0, 1.2});
        s.put("usdmxn_change_1d", new double[] {0.0, 0.007});
        return s;
    }

    /** {@link #normStats()} as norm_stats.json. */
    public static String normStatsJson() {
        StringBuilder sb = new StringBuilder("{\n");
        var it = normStats().entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            sb.append("  \"").append(e.getKey()).append("\": {\"mean\": ").append(e.getValue()[0])
                    .append(", \"std\": ").append(e.getValue()[1]).append('}').append(it.hasNext() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }
}
