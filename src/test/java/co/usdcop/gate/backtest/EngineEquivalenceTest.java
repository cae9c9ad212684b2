package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.Fixtures.RandomMlpPolicy;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.CountingPolicy;
import co.usdcop.gate.models.MlpWeights;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.TestMlps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast engine reproduces the per-bar reference engine exactly: positions, actions, equity, trades, metrics —
 * for policies that hold positions for long, that trade every few bars and that never settle, over lanes and
 * windows of every size, with plain-Java and real ONNX Runtime policies.
 */
class EngineEquivalenceTest {

    @ParameterizedTest(name = "seed {0}, position weight {1}, self-flip {2}, chunk {3}, {4} bars")
    @CsvSource({
            "1, 0.0, 0.0, 4096, 5000",     // ignores its position
            "2, 1.0, 0.0, 4096, 5000",
            "3, 8.0, 0.0, 4096, 5000",     // reacts strongly to its own position: holds
            "4, 1.0, 2.5, 4096, 5000",     // pushed against its position: flips often
            "5, 1.0, 2.5, 3, 5000",        // three lanes a window: many windows
            "6, 8.0, 2.5, 7, 5000",        // seven lanes a window, the last window shorter
            "7, 3.0, 1.0, 1, 5000",        // one lane a window: a single walker
            "8, 8.0, 0.0, 1024, 300000",   // several windows of many lanes
            "9, 1.0, 2.5, 4096, 300000"})
    void fastAndReferencePathsAreIdentical(long seed, double positionWeight, double selfFlip, int chunkRows, int n) {
        int m = 13;
        List<FeatureVector> bars = Fixtures.randomBars(seed, n, m, 0.002, 0.02);
        BacktestSettings s = new BacktestSettings(10_000, 2.5, 0.33, -0.33, 0.8, 5.0, 60, 252, 0.0, chunkRows);
        var stats = Fixtures.identity(m);
        BacktestPath ref = new ReferenceBacktestEngine().run(bars, stats,
                new RandomMlpPolicy(seed, m + 2, 16, positionWeight, selfFlip), s, BacktestProgress.NONE);
        CountingPolicy counted = new CountingPolicy(new RandomMlpPolicy(seed, m + 2, 16, positionWeight, selfFlip));
        BacktestPath fast = new FastBacktestEngine().run(bars, stats, counted, s, BacktestProgress.NONE);
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
        assertTrue(counted.rows() <= n + 2L * a.metrics().barsEvaluated(),
                "one row per bar and never more than two more per decided bar: " + counted.rows());
    }

    @Test
    void aPolicyThatFlipsAtEveryBarGivesTheSamePathAtThreeRowsPerBarAtMost() {
        // from +1 it goes −1 and back: paths started from different positions never meet
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
            public void actBatch(float[] o, int fromRow, int rows, float[] actions) {
                for (int r = fromRow; r < fromRow + rows; r++) {
                    rowsEvaluated++;
                    actions[r - fromRow] = 0.1f * o[r * 15] - 0.9f * o[r * 15 + 13];
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
        assertTrue(counted.rowsEvaluated <= 3 * 2_999, "at most three rows per decided bar: " + counted.rowsEvaluated);
    }

    @Test
    void aPolicyThatHoldsItsPositionCostsAboutOneRowPerBar() {
        List<FeatureVector> bars = Fixtures.randomBars(5, 100_000, 13, 0.0, 0.0);
        BacktestSettings s = Fixtures.settings(2.5);
        CountingPolicy counted = new CountingPolicy(new RandomMlpPolicy(3, 15, 16, 8.0, 0.0));
        BacktestPath fast = new FastBacktestEngine().run(bars, Fixtures.identity(13), counted, s,
                BacktestProgress.NONE);
        BacktestReport r = BacktestReport.of(fast, s);
        assertTrue(r.trades().size() > 500, "it trades: " + r.trades().size());
        double rowsPerBar = counted.rows() / (double) r.metrics().barsEvaluated();
        assertTrue(rowsPerBar < 1.1, "rows per decided bar: " + rowsPerBar);
        assertTrue(counted.calls() < 2_000, "batched: " + counted.calls() + " calls");
    }

    /** Real ONNX Runtime: a 15→64→64→1 MLP, batched in calls of every size, against one call per bar. */
    @ParameterizedTest(name = "position input ×{0}, chunk {1}")
    @CsvSource({"1.0, 4096", "8.0, 4096", "-6.0, 4096", "8.0, 30"})
    void onnxPoliciesGiveIdenticalPathsThroughBothEngines(double positionScale, int chunkRows) {
        MlpWeights mlp = TestMlps.random(7, 15, true, 64, 64);
        for (float[] row : mlp.layers().get(0).weights()) {
            row[13] *= (float) positionScale;
        }
        byte[] onnx = OnnxMlpWriter.write(mlp);
        String sha = Hashes.sha256Hex(onnx);
        List<FeatureVector> bars = Fixtures.randomBars(21, 40_000, 13, 0.001, 0.01);
        BacktestSettings s = new BacktestSettings(10_000, 2.5, 0.33, -0.33, 0.8, 5.0, 60, 252, 0.0, chunkRows);
        var stats = Fixtures.identity(13);
        try (OnnxPolicy a = OnnxPolicy.load(onnx, sha, 15, chunkRows);
                OnnxPolicy b = OnnxPolicy.load(onnx, sha, 15, chunkRows)) {
            BacktestPath ref = new ReferenceBacktestEngine().run(bars, stats, a, s, BacktestProgress.NONE);
            BacktestPath fast = new FastBacktestEngine().run(bars, stats, b, s, BacktestProgress.NONE);
            assertSamePath(ref, fast, s);
            assertTrue(BacktestReport.of(ref, s).trades().size() > 100);
        }
    }

    @Test
    void bothEnginesStreamTheTradesTheyFinallyReport() {
        List<FeatureVector> bars = Fixtures.randomBars(12, 20_000, 13, 0.002, 0.02);
        BacktestSettings s = new BacktestSettings(10_000, 2.5, 0.33, -0.33, 0.8, 5.0, 60, 252, 0.0, 300);
        for (BacktestEngine engine : List.of(new FastBacktestEngine(), new ReferenceBacktestEngine())) {
            List<RoundTrip> streamed = new ArrayList<>();
            List<Integer> done = new ArrayList<>();
            BacktestProgress listener = new BacktestProgress() {
                @Override
                public boolean wantsTrades() {
                    return true;
                }

                @Override
                public void tradeClosed(RoundTrip trade) {
                    streamed.add(trade);
                }

                @Override
                public void progress(int barsDone, int barsTotal) {
                    done.add(barsDone);
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            };
            BacktestPath path = engine.run(bars, Fixtures.identity(13), new RandomMlpPolicy(4, 15, 16, 1.0, 1.0), s,
                    listener);
            List<RoundTrip> reported = BacktestReport.of(path, s).trades();
            assertTrue(reported.size() > 100, engine + ": " + reported.size());
            assertEquals(reported, streamed, engine.getClass().getSimpleName());
            assertTrue(done.size() > 3, "several reports: " + done);
            assertEquals(20_000, done.get(done.size() - 1));
            for (int i = 1; i < done.size(); i++) {
                assertTrue(done.get(i) >= done.get(i - 1), "progress never goes back: " + done);
            }
        }
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
