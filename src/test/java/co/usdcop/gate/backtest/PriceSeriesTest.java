package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.PriceSeries.PricePoint;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Thinning closes for a chart: hand-computed slices, and the bound on any length. */
class PriceSeriesTest {

    private static final Instant T0 = Instant.parse("2025-07-01T13:00:00Z");

    private static PriceSeries thin(int maxPoints, double... closes) {
        PriceSeries.Thinner thinner = new PriceSeries.Thinner(closes.length, maxPoints);
        for (int i = 0; i < closes.length; i++) {
            thinner.accept(ts(i), closes[i]);
        }
        return thinner.finish();
    }

    private static Instant ts(int bar) {
        return T0.plusSeconds(300L * bar);
    }

    @Test
    void aShortSeriesIsKeptWhole() {
        PriceSeries s = thin(4, 4000, 4001, 3999);
        assertFalse(s.thinned());
        assertEquals(3, s.bars());
        assertEquals(List.of(new PricePoint(ts(0), 4000), new PricePoint(ts(1), 4001), new PricePoint(ts(2), 3999)),
                s.points());
    }

    @Test
    void eachSliceKeepsItsLowestAndHighestCloseInTimeOrder() {
        // 10 bars, 4 points → 2 slices of bars 0..4 and 5..9
        // slice 0: lowest 1 at bar 1, highest 7 at bar 2; slice 1: highest 9 at bar 7 comes before lowest 0 at bar 8
        PriceSeries s = thin(4, 5, 1, 7, 3, 4, 2, 2, 9, 0, 6);
        assertTrue(s.thinned());
        assertEquals(10, s.bars());
        assertEquals(List.of(new PricePoint(ts(1), 1), new PricePoint(ts(2), 7), new PricePoint(ts(7), 9),
                new PricePoint(ts(8), 0)), s.points());
    }

    @Test
    void aFlatSliceKeepsOnePoint() {
        // 5 bars, 4 points → slices of bars 0..1 and 2..4; slice 0 is flat: its first bar is both lowest and highest
        PriceSeries s = thin(4, 3, 3, 1, 2, 5);
        assertEquals(List.of(new PricePoint(ts(0), 3), new PricePoint(ts(2), 1), new PricePoint(ts(4), 5)),
                s.points());
    }

    @Test
    void anyLengthIsBoundedAndKeepsTheExtremes() {
        int n = 100_003;
        double[] closes = new double[n];
        SplittableRandom rnd = new SplittableRandom(3);
        double c = 4000;
        for (int i = 0; i < n; i++) {
            c *= Math.exp(rnd.nextGaussian() * 0.001);
            closes[i] = c;
        }
        PriceSeries s = thin(2000, closes);
        assertTrue(s.points().size() <= 2000 && s.points().size() >= 1000, "points: " + s.points().size());
        for (int i = 1; i < s.points().size(); i++) {
            assertTrue(s.points().get(i).ts().isAfter(s.points().get(i - 1).ts()), "time order");
        }
        double min = java.util.Arrays.stream(closes).min().orElseThrow();
        double max = java.util.Arrays.stream(closes).max().orElseThrow();
        assertTrue(s.points().stream().anyMatch(p -> p.close() == min));
        assertTrue(s.points().stream().anyMatch(p -> p.close() == max));
    }

    @Test
    void noBarsNoPointsAndMisuseIsRefused() {
        assertEquals(new PriceSeries(0, false, List.of()), thin(10));
        assertThrows(IllegalArgumentException.class, () -> new PriceSeries.Thinner(10, 1));
        PriceSeries.Thinner short1 = new PriceSeries.Thinner(2, 10);
        short1.accept(T0, 1);
        assertThrows(IllegalStateException.class, short1::finish);
    }
}
