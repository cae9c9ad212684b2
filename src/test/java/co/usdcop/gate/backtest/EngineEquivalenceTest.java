package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.Fixtures.RandomMlpPolicy;
import co.usdcop.gate.features.FeatureVector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast engine reproduces the per-bar reference engine exactly: positions, actions, equity, trades, metrics. */
class EngineEquivalenceTest {

    @ParameterizedTest(name = "seed {0}, position weight {1}, self-flip {2}, chunk {3}")
    @CsvSource({
            "1, 0.0, 0.0, 4096",    // ignores its position
            "2, 1.0, 0.0, 4096",
            "3, 8.0, 0.0, 4096",    // reacts strongly to its own position
            "4, 1.0, 2.5, 4096",    // pushed against its position: flips often
            "5, 1.0, 2.5, 9",       // tiny chunks (3 bars) exercise the chunk boundaries
            "6, 8.0, 2.5, 100",     // chunk not a multiple of 3
            "7, 3.0, 1.0, 3"})
    void fastAndReferencePathsAreIdentical(long seed, double positionWeight, double selfFlip, int chunkRows) {
        int m = 13;
        List<FeatureVector> bars = Fixtures.randomBars(seed, 5_000, m, 0.002, 0.02);
        BacktestSettings s = new BacktestSettings(10_000, 2.5, 0.33, -0.33, 0.8, 5.0, 60, 252, 0.0, chunkRows);
        var stats = Fixtures.identity(m);
        BacktestPath ref = new ReferenceBacktestEngine().run(bars, stats,
                new RandomMlpPolicy(seed, m + 2, 16, positionWeight, selfFlip), s, BacktestProgress.NONE);
        BacktestPath fast = new FastBacktestEngine().run(bars, stats,
                new RandomMlpPolicy(seed, m + 2, 16, positionWeight, selfFlip), s, BacktestProgress.NONE);
        assertSamePath(ref, fast, s);
        BacktestReport a = BacktestReport.of(ref, s);


        // the cases are not degenerate: they trade, and the flipping ones flip
        assertTrue(a.trades().size() > 20, "trades: " + a.trades().size());
        if (selfFlip >= 2) {
            long flips = a.trades().stream().filter(t -> t.exitReason().equals("flip")).count();
            assertTrue(flips > 100, "flips: " + flips);
        }
        // every dollar of the equity path belongs to a round trip
        double sum = a.trades().stream().mapToDouble(RoundTrip::pnl).sum();
        assertEquals(ref.finalEquity() - s.initialCapital(), sum, 1e-6);
    }

    @org.junit.jupiter.api.Test
    void aPolicyThatFlipsAtEveryBarGivesTheSamePath() {
        // from +1 it goes −1 and back: the position-0 guess is wrong at almost every bar
        class Contrarian extends Fixtures.EchoPolicy {
            Contrarian() {
                super(15);
            }

            @Override
            public float act(float[] o) {
                rowsEvaluated++;
                return 0.1f * o[0] - 0.9f * o[13];
            }

            @Override
            public void actBatch(float[] o, int rows, float[] actions) {
                for (int r = 0; r < rows; r++) {
                    rowsEvaluated++;
                    actions[r] = 0.1f * o[r * 15] - 0.9f * o[r * 15 + 13];
                }
            }
        }
        List<FeatureVector> bars = Fixtures.randomBars(99, 3_000, 13, 0.0, 0.0);
        BacktestSettings s = Fixtures.settings(2.5);
        var stats = Fixtures.identity(13);
        BacktestPath ref = new ReferenceBacktestEngine().run(bars, stats, new Contrarian(), s, BacktestProgress.NONE);
        Contrarian counted = new Contrarian();
        BacktestPath fast = new FastBacktestEngine().run(bars, stats, counted, s, BacktestProgress.NONE);
        assertSamePath(ref, fast, s);
        long flips = BacktestReport.of(ref, s).trades().stream().filter(t -> t.exitReason().equals("flip")).count();
        assertTrue(flips > 1_000, "flips: " + flips);
        assertEquals(3 * 2_999, counted.rowsEvaluated, "three rows per decided bar");
    }

    private static void assertSamePath(BacktestPath ref, BacktestPath fast, BacktestSettings s) {
        String m = "fast vs reference";
        assertArrayEquals(ref.position(), fast.position(), m);
        assertArrayEquals(ref.action(), fast.action(), m);
        assertArrayEquals(ref.reason(), fast.reason(), m);
        assertArrayEquals(ref.equity(), fast.equity(), m);
        BacktestReport a = BacktestReport.of(ref, s);
        BacktestReport b = BacktestReport.of(fast, s);
        assertEquals(a.trades(), b.trades(), m);
        assertEquals(a.metrics(), b.metrics(), m);
    }
}
