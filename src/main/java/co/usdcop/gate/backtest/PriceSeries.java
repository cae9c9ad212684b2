package co.usdcop.gate.backtest;

import java.time.Instant;
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

    /** Thins {@code bars} closes fed in time order to at most {@code maxPoints} (≥ 2), as {@link SeriesThinner}. */
    static final class Thinner {
        private final int bars;
        private final SeriesThinner<PricePoint> thinner;

        Thinner(int bars, int maxPoints) {
            this.bars = bars;
            this.thinner = new SeriesThinner<>(bars, maxPoints, PricePoint::close);
        }

        void accept(Instant ts, double close) {
            thinner.accept(new PricePoint(ts, close));
        }

        PriceSeries finish() {
            return new PriceSeries(bars, thinner.thinned(), thinner.finish());
        }
    }
}
