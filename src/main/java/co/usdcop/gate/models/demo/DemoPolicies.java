package co.usdcop.gate.models.demo;

import co.usdcop.gate.models.MlpWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights and norm stats of the demo policies. Both read only the normalised returns (observation indices 0, 1,
 * 2 = log_ret_5m, log_ret_1h, log_ret_4h): a trend signal {@code s = 0.5·z5m + 1.0·z1h + 0.5·z4h} goes through two
 * tanh layers; momentum outputs {@code +1.5·tanh(2·tanh(s))} (long after rising returns), mean reversion the
 * opposite. Clipped to [-1, 1]. Hidden width 8, the other units are zero.
 */
public final class DemoPolicies {

    public static final String MOMENTUM = "demo-momentum";
    public static final String MEAN_REVERSION = "demo-meanrev";
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
