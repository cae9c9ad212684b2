package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Ledger;
import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import java.util.List;

/**
 * The plain reading of {@link BacktestAccounting}: one {@link Policy#act(float[])} per bar with the position actually
 * held. Slow with an ONNX policy (one native call per bar) but obviously right, so the fast engine is tested
 * against it and the benchmark measures the speed-up over it.
 */
public final class ReferenceBacktestEngine implements BacktestEngine {

    private static final int PROGRESS_EVERY_BARS = 4096;

    @Override
    public BacktestPath run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
            BacktestProgress progress) {
        BacktestPath.Columns columns = BacktestAccounting.validate(bars, stats, policy.inputWidth(), settings);
        int n = bars.size();
        float[] row = new float[policy.inputWidth()];
        Ledger ledger = new Ledger(bars, columns, settings);
        TradeFeed feed = TradeFeed.of(progress, ledger, n);
        for (int t = 0; t < n; t++) {
            if (t % PROGRESS_EVERY_BARS == 0) {
                feed.checkpoint(t);
            }
            FeatureVector bar = bars.get(t);
            Reason why = BacktestAccounting.eligibility(bar, t, n, settings.minDataQualityScore());
            if (why == Reason.DECIDED) {
                BacktestAccounting.observation(bar, stats, settings, ledger.heldPosition(), row, 0);
                float action = ledger.decided(policy.act(row));
                ledger.step(settings.signal(action), action, Reason.DECIDED);
            } else {
                ledger.step(0, Float.NaN, why);
            }
        }
        feed.finish();
        return ledger.finish();
    }
}
