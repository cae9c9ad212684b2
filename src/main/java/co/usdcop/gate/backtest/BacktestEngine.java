package co.usdcop.gate.backtest;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import java.util.List;

/** Replays feature rows through a policy under {@link BacktestAccounting}'s rules. */
public interface BacktestEngine {

    /**
     * Runs the backtest. The policy is used by this thread only for the duration of the call.
     *
     * @throws IllegalArgumentException when the rows break {@link BacktestAccounting}'s preconditions
     * @throws java.util.concurrent.CancellationException when {@code progress} reports cancellation
     */
    BacktestPath run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
            BacktestProgress progress);

    /** Identifies the engine in a backtest's signed inputs (both engines produce identical paths). */
    String ENGINE_VERSION = "backtest-engine/1.0.0";
}
