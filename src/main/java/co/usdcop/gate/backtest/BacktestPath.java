package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.features.FeatureVector;
import java.util.List;

/**
 * The bar-by-bar outcome of a backtest (see {@link BacktestAccounting} for the rules), as parallel arrays so a
 * million bars stay compact.
 *
 * @param bars           the feature rows replayed, in order (timestamps, trading dates, closes)
 * @param initialCapital equity before the first bar, USD
 * @param costRate       cost per unit of |Δposition| as a fraction of traded notional
 * @param position       position decided at the close of bar t and held until close[t+1] (−1, 0, +1)
 * @param equity         equity at the close of bar t after its trade's cost, USD
 * @param action         raw policy action at bar t; NaN when the bar was not evaluated
 * @param reason         {@link Reason} ordinal of bar t
 */
public record BacktestPath(
        List<FeatureVector> bars,
        double initialCapital,
        double costRate,
        byte[] position,
        double[] equity,
        float[] action,
        byte[] reason) {

    public int size() {
        return position.length;
    }

    public double finalEquity() {
        return equity[equity.length - 1];
    }

    /** Position held before bar t's decision (0 before the first bar). */
    public int positionBefore(int t) {
        return t == 0 ? 0 : position[t - 1];
    }

    /** Equity before bar t is booked (the initial capital before the first bar). */
    public double equityBefore(int t) {
        return t == 0 ? initialCapital : equity[t - 1];
    }

    public Reason reasonAt(int t) {
        return Reason.of(reason[t]);
    }
}
