package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.features.FeatureVector;
import java.time.Instant;
import java.util.Arrays;
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
 * @param columns        the bars' timestamps, closes and trading-date ends as arrays (read once from {@code bars})
 */
public record BacktestPath(
        List<FeatureVector> bars,
        double initialCapital,
        double costRate,
        byte[] position,
        double[] equity,
        float[] action,
        byte[] reason,
        Columns columns) {

    /**
     * What the accounting, the round trips and the metrics read of every bar, as arrays: going through the bar
     * objects again for each would cost a cache miss per bar and pass.
     *
     * @param ts      timestamp of bar t
     * @param close   close of bar t, COP per USD
     * @param dayEnds index of the last bar of each run of equal trading dates, ascending
     */
    public record Columns(Instant[] ts, double[] close, int[] dayEnds) {

        /** Reads the columns of {@code bars}. */
        public static Columns of(List<FeatureVector> bars) {
            Builder b = new Builder(bars.size());
            bars.forEach(b::add);
            return b.build();
        }

        /** Fills the columns bar by bar, in order. */
        static final class Builder {
            private final Instant[] ts;
            private final double[] close;
            private final int[] ends;
            private int days;
            private int t;
            private FeatureVector prev;

            Builder(int n) {
                this.ts = new Instant[n];
                this.close = new double[n];
                this.ends = new int[n];
            }

            void add(FeatureVector b) {
                if (prev != null && !b.tradingDate().equals(prev.tradingDate())) {
                    ends[days++] = t - 1;
                }
                ts[t] = b.ts();
                close[t] = b.close();
                prev = b;
                t++;
            }

            /** The columns so far: timestamps and closes of the bars added (and room for the rest), no day ends. */
            Columns partial() {
                return new Columns(ts, close, new int[0]);
            }

            /** The columns once every bar has been added. */
            Columns build() {
                if (t != ts.length) {
                    throw new IllegalStateException(t + " of " + ts.length + " bars were added");
                }
                int[] done = Arrays.copyOf(ends, days + (t > 0 ? 1 : 0));
                if (t > 0) {
                    done[days] = t - 1;
                }
                return new Columns(ts, close, done);
            }
        }
    }

    /** A path whose columns are read from {@code bars}. */
    public BacktestPath(List<FeatureVector> bars, double initialCapital, double costRate, byte[] position,
            double[] equity, float[] action, byte[] reason) {
        this(bars, initialCapital, costRate, position, equity, action, reason, Columns.of(bars));
    }

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
