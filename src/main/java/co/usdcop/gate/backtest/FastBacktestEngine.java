package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Ledger;
import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import java.util.List;

/**
 * Same result as {@link ReferenceBacktestEngine}, fast: the position before a decision takes only three values
 * (−1, 0, +1) and is the only input that depends on the path, so
 * <ol>
 *   <li>for every evaluated bar, three observation rows are built (features normalised once, copied, position
 *       column set to −1, 0, +1) and evaluated in batched {@link Policy#actBatch} calls of
 *       {@code chunk_rows} rows (a few thousand: large enough to amortise the native call, small enough to stay in
 *       cache);</li>
 *   <li>then a tight loop walks the path, picking for each bar the precomputed action of the position actually
 *       held, through the same {@link Ledger} as the reference engine.</li>
 * </ol>
 * Rows are built by {@link BacktestAccounting#observation} exactly as the reference engine builds them, so with a
 * policy whose batched and single-row outputs agree the two paths are identical (ONNX Runtime's MLP kernels agree
 * bit for bit: see BacktestBench's check).
 *
 * <p>Why all three rows and not speculation: evaluating only the held position needs the previous decision, a
 * sequential dependency; guessing it and re-evaluating the misses was tried and needed 2.6–3.0 rows per bar on
 * both a flipping and a position-holding 15→64→64→1 policy (each wrong guess costs a pass), so it did not pay.
 */
public final class FastBacktestEngine implements BacktestEngine {

    @Override
    public BacktestPath run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
            BacktestProgress progress) {
        int w = policy.inputWidth();
        BacktestAccounting.validate(bars, stats, w, settings);
        int n = bars.size();
        int positionColumn = w - 2;
        int chunkBars = Math.max(1, settings.chunkRows() / 3);
        int rowStride = 3 * w;
        float[] rows = new float[chunkBars * rowStride];
        float[] chunkActions = new float[chunkBars * 3];
        int[] chunkBar = new int[chunkBars];
        // actions[3t + position + 1]: the policy's action at bar t if position were held before it
        float[] actions = new float[3 * n];
        byte[] reasons = new byte[n];
        double minQuality = settings.minDataQualityScore();

        progress.checkpoint(0, n);
        int k = 0;
        for (int t = 0; t < n; t++) {
            FeatureVector bar = bars.get(t);
            Reason why = BacktestAccounting.eligibility(bar, t, n, minQuality);
            reasons[t] = (byte) why.ordinal();
            if (why != Reason.DECIDED) {
                continue;
            }
            int base = k * rowStride;
            BacktestAccounting.observation(bar, stats, settings, -1, rows, base);
            System.arraycopy(rows, base, rows, base + w, w);
            rows[base + w + positionColumn] = 0f;
            System.arraycopy(rows, base, rows, base + 2 * w, w);
            rows[base + 2 * w + positionColumn] = 1f;
            chunkBar[k++] = t;
            if (k == chunkBars) {
                evaluate(policy, rows, k, chunkActions, chunkBar, actions);
                k = 0;
                progress.checkpoint(t + 1, n);
            }
        }
        if (k > 0) {
            evaluate(policy, rows, k, chunkActions, chunkBar, actions);
        }

        Ledger ledger = new Ledger(bars, settings);
        for (int t = 0; t < n; t++) {
            if (reasons[t] == 0) { // Reason.DECIDED
                float action = actions[3 * t + ledger.heldPosition() + 1];
                ledger.step(settings.signal(action), action, Reason.DECIDED);
            } else {
                ledger.step(0, Float.NaN, Reason.of(reasons[t]));
            }
        }
        progress.progress(n, n);
        return ledger.finish();
    }

    private static void evaluate(Policy policy, float[] rows, int bars, float[] chunkActions, int[] chunkBar,
            float[] actions) {
        policy.actBatch(rows, bars * 3, chunkActions);
        for (int i = 0; i < bars; i++) {
            System.arraycopy(chunkActions, 3 * i, actions, 3 * chunkBar[i], 3);
        }
    }
}
