package co.usdcop.gate.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/**
 * The closes of a backtest's period for a price chart, at most a given number of points whatever the period's
 * length.
 *
 * @param bars    bars stored in the period
 * @param thinned whether {@code points} is a thinned subset of the bars
 * @param points  closes in time order
 */
@Description("Closes of a backtest's period for a chart, thinned to a bounded number of points")
public record PriceSeries(
        @Description("Bars stored in the period") int bars,
        @Description("True when the points are a thinned subset of the bars") boolean thinned,
        @Description("Closes in time order") List<PricePoint> points) {

    /** One close. */
    @Description("The close of one bar")
    public record PricePoint(@Description("Bar timestamp (open time, UTC)") Instant ts,
            @Description("COP per USD") double close) {
    }

    /**
     * Thins {@code bars} closes fed in time order to at most {@code maxPoints} (≥ 2): the bars are cut into
     * ⌊maxPoints / 2⌋ slices of equal size (⌊i × bars / slices⌋ … ⌊(i + 1) × bars / slices⌋ − 1) and each slice keeps
     * its lowest and its highest close (the first of equal ones), in time order, once if they are the same bar. So
     * every swing wider than a slice stays visible, which one-in-k sampling would not guarantee. With
     * {@code bars ≤ maxPoints} every close is kept. Memory: one slice.
     */
    static final class Thinner {
        private final int bars;
        private final int slices;
        private final List<PricePoint> out;
        private int seen;
        private int slice;
        private int sliceEnd;
        private Instant minTs;
        private Instant maxTs;
        private double min;
        private double max;
        private int minAt;
        private int maxAt;

        Thinner(int bars, int maxPoints) {
            if (maxPoints < 2) {
                throw new IllegalArgumentException("maxPoints must be at least 2");
            }
            this.bars = bars;
            this.slices = bars <= maxPoints ? bars : maxPoints / 2;
            this.out = new ArrayList<>(Math.min(bars, maxPoints));
            this.sliceEnd = sliceEnd(0);
        }

        private int sliceEnd(int i) {
            return (int) ((long) (i + 1) * bars / Math.max(1, slices));
        }

        void accept(Instant ts, double close) {
            if (seen >= bars) {
                throw new IllegalStateException("more than the announced " + bars + " bars");
            }
            if (slices == bars) { // nothing to thin
                out.add(new PricePoint(ts, close));
                seen++;
                return;
            }
            if (minTs == null || close < min) {
                min = close;
                minTs = ts;
                minAt = seen;
            }
            if (maxTs == null || close > max) {
                max = close;
                maxTs = ts;
                maxAt = seen;
            }
            seen++;
            if (seen == sliceEnd) {
                if (minAt < maxAt) {
                    out.add(new PricePoint(minTs, min));
                    out.add(new PricePoint(maxTs, max));
                } else if (maxAt < minAt) {
                    out.add(new PricePoint(maxTs, max));
                    out.add(new PricePoint(minTs, min));
                } else {
                    out.add(new PricePoint(minTs, min));
                }
                minTs = null;
                maxTs = null;
                slice++;
                sliceEnd = sliceEnd(slice);
            }
        }

        PriceSeries finish() {
            if (seen != bars) {
                throw new IllegalStateException(seen + " of the announced " + bars + " bars were fed");
            }
            return new PriceSeries(bars, slices != bars, List.copyOf(out));
        }
    }
}
