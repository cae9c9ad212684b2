package co.usdcop.gate.backtest;

import static co.usdcop.gate.backtest.Fixtures.DAY0;
import static co.usdcop.gate.backtest.Fixtures.bar;
import static co.usdcop.gate.backtest.Fixtures.echoBars;
import static co.usdcop.gate.backtest.Fixtures.identity;
import static co.usdcop.gate.backtest.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.backtest.Fixtures.EchoPolicy;
import co.usdcop.gate.features.FeatureVector;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-computed accounting cases, run through both engines. */
class BacktestAccountingTest {

    static Stream<BacktestEngine> engines() {
        return Stream.of(new ReferenceBacktestEngine(), new FastBacktestEngine());
    }

    private static BacktestPath run(BacktestEngine engine, List<FeatureVector> bars, double bps) {
        return engine.run(bars, identity(2), new EchoPolicy(4), settings(bps), BacktestProgress.NONE);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void equityFollowsTheDesignFormulaBarByBar(BacktestEngine engine) {
        // closes 100, 101, 102, 101, 101; decisions long, long, flat, short, (last bar: closed); c = 10 bps
        BacktestPath p = run(engine, echoBars(new double[] {100, 101, 102, 101, 101},
                new double[] {1, 1, 0, -1, 1}), 10);
        assertArrayEquals(new byte[] {1, 1, 0, -1, 0}, p.position());
        // E0 = 10000 × (1 − 0.001)                    = 9990          (open long: cost on 10 000 notional)
        // E1 = 9990 × (1 + 0.01)                       = 10089.9
        // E2 = 10089.9 × (1 + 1/101 − 0.001)           = 10179.7101    (return of bar 2, close the long)
        // E3 = 10179.7101 × (1 − 0.001)                = 10169.5303899 (open short, flat price)
        // E4 = E3 × (1 − (−1) × 0 − 0.001)             = 10159.3608595 (final bar closes the short)
        double[] expected = {9990.0, 10089.9, 10179.7101, 10169.5303899, 10159.36085951};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], p.equity()[t], 1e-6, "equity at bar " + t);
        }
        assertEquals(Reason.FINAL_BAR, p.reasonAt(4));
        assertTrue(Float.isNaN(p.action()[4]), "the last bar is not evaluated");

        List<RoundTrip> trades = RoundTrips.of(p);
        assertEquals(2, trades.size());
        assertEquals(1, trades.get(0).side());
        assertEquals(179.7101, trades.get(0).pnl(), 1e-6);
        assertEquals(179.7101 / 10_000, trades.get(0).returnFraction(), 1e-12);
        assertEquals("signal", trades.get(0).exitReason());
        assertEquals(2, trades.get(0).bars());
        assertEquals(-1, trades.get(1).side());
        assertEquals(10159.36085951 - 10179.7101, trades.get(1).pnl(), 1e-6);
        assertEquals("final_bar", trades.get(1).exitReason());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aRoundTripCostsTwiceTheBpsOfTradedNotional(BacktestEngine engine) {
        // flat prices: 0 → 1 → 0 pays c on entry and c on exit, c = 2.5 bps
        BacktestPath p = run(engine, echoBars(new double[] {100, 100, 100}, new double[] {1, 0, 0}), 2.5);
        double c = 2.5e-4;
        assertEquals(10_000 * (1 - c) * (1 - c), p.finalEquity(), 1e-9);
        assertEquals(-10_000 * (1 - (1 - c) * (1 - c)), RoundTrips.of(p).get(0).pnl(), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aFlipPaysTwoUnitsAndSplitsIntoTwoRoundTrips(BacktestEngine engine) {
        // short at bar 0, flip to long at bar 1 (|Δ| = 2), closed at bar 2; flat prices, c = 10 bps
        BacktestPath p = run(engine, echoBars(new double[] {100, 100, 100}, new double[] {-1, 1, 0}), 10);
        assertArrayEquals(new byte[] {-1, 1, 0}, p.position());
        double e0 = 10_000 * 0.999;
        assertEquals(e0 * (1 - 0.002), p.equity()[1], 1e-9);
        List<RoundTrip> trades = RoundTrips.of(p);
        assertEquals(2, trades.size());
        assertEquals("flip", trades.get(0).exitReason());
        // short: entry cost 10, exit cost e0 × 0.001; long: entry cost e0 × 0.001, exit cost E1 × 0.001
        assertEquals(-10 - e0 * 0.001, trades.get(0).pnl(), 1e-9);
        assertEquals(-e0 * 0.001 - p.equity()[1] * 0.001, trades.get(1).pnl(), 1e-9);
        assertEquals(p.finalEquity() - 10_000, trades.get(0).pnl() + trades.get(1).pnl(), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aShortEarnsWhenThePriceFalls(BacktestEngine engine) {
        BacktestPath p = run(engine, echoBars(new double[] {100, 98, 98}, new double[] {-1, -1, 0}), 0);
        assertEquals(10_000 * 1.02, p.finalEquity(), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void barsWithMissingFeaturesOrLowQualityAreFlattenedWithoutAskingThePolicy(BacktestEngine engine) {
        List<FeatureVector> bars = List.of(
                bar(DAY0, 1, 100, 1.0, 1, 0),
                bar(DAY0, 2, 101, 1.0, Double.NaN, 0),   // missing feature: flatten (pays exit)
                bar(DAY0, 3, 102, 1.0, 1, 0),            // long again
                bar(DAY0, 4, 103, 0.79, 1, 0),           // quality below 0.8: flatten
                bar(DAY0, 5, 104, 1.0, 0, 0));           // final bar
        EchoPolicy policy = new EchoPolicy(4);
        BacktestPath p = engine.run(bars, identity(2), policy, settings(10), BacktestProgress.NONE);
        assertArrayEquals(new byte[] {1, 0, 1, 0, 0}, p.position());
        assertEquals(Reason.MISSING_FEATURE, p.reasonAt(1));
        assertEquals(Reason.LOW_QUALITY, p.reasonAt(3));
        assertTrue(Float.isNaN(p.action()[1]) && Float.isNaN(p.action()[3]));
        // bar 2 and bar 4 earn nothing while flat: E4 = E3, and E2 = E1 × (1 − c)
        assertEquals(p.equity()[3], p.equity()[4], 0.0);
        assertEquals(p.equity()[1] * 0.999, p.equity()[2], 1e-9);
        // E1 = E0 × (1 + 0.01 − 0.001): the bar-1 return is earned, then the position is closed
        assertEquals(9990 * 1.009, p.equity()[1], 1e-9);
        List<RoundTrip> trades = RoundTrips.of(p);
        assertEquals("missing_feature", trades.get(0).exitReason());
        assertEquals("low_quality", trades.get(1).exitReason());
        BacktestMetrics m = BacktestReport.of(p, settings(10)).metrics();
        assertEquals(2, m.barsEvaluated());
        assertEquals(2, m.barsNotTraded());
    }

    @Test
    void theReferencePolicySeesNormalisedFeaturesHeldPositionAndTimeOfSession() {
        var stats = new co.usdcop.gate.models.NormStats(List.of("a", "b"), new double[] {1, 10}, new double[] {2, 0.5});
        List<FeatureVector> bars = List.of(bar(DAY0, 1, 100, 1, 3, 10), bar(DAY0, 31, 100, 1, 100, 7),
                bar(DAY0, 60, 100, 1, 1, 10), bar(DAY0.plusDays(1), 1, 100, 1, 0, 0));
        EchoPolicy policy = new EchoPolicy(4);
        new ReferenceBacktestEngine().run(bars, stats, policy, settings(0), BacktestProgress.NONE);
        // bar 1: z = ((3−1)/2, (10−10)/0.5) = (1, 0) → long; position 0, time 0
        assertArrayEquals(new float[] {1f, 0f, 0f, 0f}, policy.seen.get(0));
        // bar 31: z = (49.5 → clipped to 5, −3 → −6 clipped to −5); held long; time 30/59
        assertArrayEquals(new float[] {5f, -5f, 1f, (float) (30 / 59.0)}, policy.seen.get(1));
        // bar 60: z = (0, 0) → flat; held long; time 1
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f}, policy.seen.get(2));
        assertEquals(3, policy.rowsEvaluated, "the last bar is not evaluated");
    }

    @Test
    void theFastEngineEvaluatesOneRowPerDecidedBarOnceItsWalkersMerge() {
        List<FeatureVector> bars = Fixtures.randomBars(7, 1000, 2, 0.0, 0.0);
        EchoPolicy policy = new EchoPolicy(4);
        new FastBacktestEngine().run(bars, identity(2), policy, settings(2.5), BacktestProgress.NONE);
        // every bar is a row of its step's batch (the last bar's too, its action ignored); the echo policy ignores its
        // position: a lane's three walkers (−1, 0, +1) decide the same at its first bar and merge at the second, so
        // every lane but the first (which starts from the known position) costs 2 rows more
        int lanes = 1000 / FastBacktestEngine.LANE_BARS;
        assertEquals(1000 + 2 * (lanes - 1), policy.rowsEvaluated);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void badRowsAreRefusedWithTheOffendingBar(BacktestEngine engine) {
        var s = settings(1);
        var stats = identity(2);
        var policy = new EchoPolicy(4);
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> engine.run(List.of(), stats, policy, s, BacktestProgress.NONE));
        assertTrue(e1.getMessage().contains("no feature rows"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> engine.run(
                List.of(bar(DAY0, 2, 100, 1, 0, 0), bar(DAY0, 1, 100, 1, 0, 0)), stats, policy, s,
                BacktestProgress.NONE));
        assertTrue(e2.getMessage().contains("time order"));
        var e3 = assertThrows(IllegalArgumentException.class, () -> engine.run(
                List.of(bar(DAY0, 1, Double.NaN, 1, 0, 0)), stats, policy, s, BacktestProgress.NONE));
        assertTrue(e3.getMessage().contains("close"));
        var e4 = assertThrows(IllegalArgumentException.class, () -> engine.run(
                List.of(bar(DAY0, 1, 100, 1, 0, 0)), stats, new EchoPolicy(15), s, BacktestProgress.NONE));
        assertTrue(e4.getMessage().contains("expects 15 inputs"));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aCancelledRunStops(BacktestEngine engine) {
        BacktestProgress cancelled = new BacktestProgress() {
            @Override
            public void progress(int barsDone, int barsTotal) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThrows(CancellationException.class, () -> engine.run(Fixtures.randomBars(1, 100, 2, 0, 0), identity(2),
                new EchoPolicy(4), settings(1), cancelled));
    }
}
