package co.usdcop.gate.models;

import java.util.List;

/**
 * Per-feature normalisation of a model ({@code norm_stats.json}): for market feature i,
 * {@code z = clip((x - mean[i]) / std[i], -clip, clip)}. Invariant: names follow the feature contract's market
 * features in order; every mean is finite and every std finite and > 0 (checked at registration).
 */
public record NormStats(List<String> names, double[] mean, double[] std) {

    /**
     * Writes the normalised market features into {@code out[offset .. offset + names.size())}.
     * A NaN input stays NaN (the caller decides not to trade).
     */
    public void normalize(double[] raw, float[] out, int offset, double clip) {
        for (int i = 0; i < mean.length; i++) {
            double z = (raw[i] - mean[i]) / std[i];
            // min/max rather than comparisons: the same values (NaN stays NaN), and a loop the JIT can vectorise
            out[offset + i] = (float) Math.max(-clip, Math.min(clip, z));
        }
    }
}
