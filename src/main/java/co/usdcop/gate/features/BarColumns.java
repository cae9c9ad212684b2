package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Bars in time order as primitive columns (struct of arrays): what the batch path of
 * {@link CanonicalFeatureBuilder#computeInto} reads — open time in whole epoch seconds (UTC), high, low and close
 * (COP per USD). No object per bar, so a feature-store recomputation reads the stored bars straight into it.
 * Grows as needed; not thread-safe.
 */
public final class BarColumns {

    private long[] epochSecond;
    private double[] high;
    private double[] low;
    private double[] close;
    private int size;

    public BarColumns(int initialCapacity) {
        int cap = Math.max(16, initialCapacity);
        epochSecond = new long[cap];
        high = new double[cap];
        low = new double[cap];
        close = new double[cap];
    }

    /** The columns of {@code bars} (open times must be whole seconds, as every session bar's are). */
    public static BarColumns of(List<Bar> bars) {
        BarColumns c = new BarColumns(bars.size());
        for (Bar b : bars) {
            c.add(b.ts(), b.high(), b.low(), b.close());
        }
        return c;
    }

    /** Appends a bar opening at {@code ts}; the builder validates order, session and prices when it reads it. */
    public void add(Instant ts, double high, double low, double close) {
        if (ts.getNano() != 0) {
            throw new IllegalArgumentException(ts + " is not the open time of a bar in the trading session");
        }
        add(ts.getEpochSecond(), high, low, close);
    }

    /** Appends a bar opening at {@code epochSecond} (UTC). */
    public void add(long epochSecond, double high, double low, double close) {
        if (size == this.epochSecond.length) {
            int cap = size * 2;
            this.epochSecond = Arrays.copyOf(this.epochSecond, cap);
            this.high = Arrays.copyOf(this.high, cap);
            this.low = Arrays.copyOf(this.low, cap);
            this.close = Arrays.copyOf(this.close, cap);
        }
        this.epochSecond[size] = epochSecond;
        this.high[size] = high;
        this.low[size] = low;
        this.close[size] = close;
        size++;
    }

    public int size() {
        return size;
    }

    /** Removes every bar (keeps the capacity). */
    public void clear() {
        size = 0;
    }

    public long epochSecond(int i) {
        return epochSecond[checkIndex(i)];
    }

    public Instant ts(int i) {
        return Instant.ofEpochSecond(epochSecond(i));
    }

    public double high(int i) {
        return high[checkIndex(i)];
    }

    public double low(int i) {
        return low[checkIndex(i)];
    }

    public double close(int i) {
        return close[checkIndex(i)];
    }

    private int checkIndex(int i) {
        return java.util.Objects.checkIndex(i, size);
    }

    // raw columns for the builder's loop (valid up to size)
    long[] epochSeconds() {
        return epochSecond;
    }

    double[] highs() {
        return high;
    }

    double[] lows() {
        return low;
    }

    double[] closes() {
        return close;
    }
}
