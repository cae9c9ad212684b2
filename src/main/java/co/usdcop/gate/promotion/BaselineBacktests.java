package co.usdcop.gate.promotion;

import co.usdcop.gate.backtest.BacktestSummary;
import java.util.Optional;

/**
 * The production model's backtest under exactly the candidate's conditions (period, cost model, decision thresholds,
 * data snapshot, engine version), for the vs-baseline comparison. The seam where running such a backtest on demand
 * plugs in once the backtest feature offers "run model X on period P" as a service call.
 */
public interface BaselineBacktests {

    Optional<BacktestSummary> sameConditions(String baselineModelId, BacktestSummary candidate);
}
