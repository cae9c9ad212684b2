package co.usdcop.gate.bench;

import co.usdcop.gate.backtest.BacktestEngine;
import co.usdcop.gate.backtest.BacktestPath;
import co.usdcop.gate.backtest.BacktestProgress;
import co.usdcop.gate.backtest.BacktestReport;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.backtest.FastBacktestEngine;
import co.usdcop.gate.backtest.ReferenceBacktestEngine;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.CountingPolicy;
import co.usdcop.gate.models.MlpPolicy;
import co.usdcop.gate.models.MlpWeights;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.Policy;
import co.usdcop.gate.models.TestMlps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Backtest throughput: 1,000,000 bars (13 market features, 60-bar sessions) through a 15→64→64→1 tanh MLP policy,
 * on one thread (ONNX Runtime with one intra-op thread), metrics included. Compares, in the same JVM run: the fast
 * engine (lanes walked from every starting position, batched ONNX calls), the reference engine (one ONNX call per
 * bar), and ONNX Runtime's batched evaluation alone (the floor). The result depends on how often the policy changes
 * position, so three policies are measured and their round trips per 1000 bars printed:
 * <ol>
 *   <li>random weights: trades every few bars;</li>
 *   <li>the same network with the position input weighted ×8: holds positions like a cost-aware policy;</li>
 *   <li>a network pushed hard against its own position: flips long/short at almost every bar, so paths started
 *       from different positions never merge (the engine's worst case).</li>
 * </ol>
 * Run:
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -Pbench -q test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.BacktestBench [-Dbench.bars=1000000] [-Dbench.repeats=3]
 * </pre>
 * Fast and per-bar runs alternate, {@code bench.repeats} of each, and each side's best is reported.
 * The targets and the figures measured are in docs/performance.md (backtest engine).
 */
public final class BacktestBench {

    private BacktestBench() {
    }

    public static void main(String[] args) {
        int n = Integer.getInteger("bench.bars", 1_000_000);
        int repeats = Integer.getInteger("bench.repeats", 3);
        int chunk = Integer.getInteger("bench.chunk", 4096);
        int m = 13;
        List<FeatureVector> bars = bars(n, m, 42);
        double[] mean = new double[m];
        double[] std = new double[m];
        Arrays.fill(std, 1.0);
        NormStats stats = new NormStats(List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10",
                "f11", "f12"), mean, std);
        BacktestSettings settings = new BacktestSettings(10_000, 2.5, 0.33, -0.33, 0.8, 5.0, 60, 252, 0.0, chunk);
        System.out.printf("Backtest benchmark: %,d bars, 15→64→64→1 tanh MLP (ONNX Runtime, 1 thread), chunk %d rows,"
                + " Java %s, %d CPUs%n", n, chunk, Runtime.version(), Runtime.getRuntime().availableProcessors());

        MlpWeights random = TestMlps.random(7, 15, true, 64, 64);
        MlpWeights holding = TestMlps.random(7, 15, true, 64, 64);
        for (float[] row : holding.layers().get(0).weights()) {
            row[13] *= 8;
        }
        scenario("random weights", random, bars, stats, settings, repeats);
        scenario("position-holding weights (position input ×8)", holding, bars, stats, settings, repeats);
        scenario("flipping weights (against its own position)", flipping(), bars, stats, settings, repeats);
        engineAlone(bars, stats, settings, repeats);
        if (Boolean.getBoolean("bench.java")) {
            try (MlpPolicy javaPolicy = new MlpPolicy(random)) {
                Timed java = best(1, () -> run(new FastBacktestEngine(), bars, stats, javaPolicy, settings));
                row("fast engine, plain-Java MLP (random)", java, n);
            }
        }
    }

    /**
     * The engine's own cost, everything but the policy: the fast engine and the metrics with a policy that costs one
     * multiply-add a row ({@code action = z0 + position / 4}: trades every few bars, like the random weights).
     */
    private static void engineAlone(List<FeatureVector> bars, NormStats stats, BacktestSettings settings, int repeats) {
        int n = bars.size();
        Policy free = new Policy() {
            @Override
            public int inputWidth() {
                return 15;
            }

            @Override
            public float act(float[] x) {
                return x[0] + 0.25f * x[13];
            }

            @Override
            public void actBatch(float[] x, int fromRow, int rows, float[] actions) {
                Policy.checkBatch(x, fromRow, rows, actions, 15);
                for (int r = 0; r < rows; r++) {
                    int at = (fromRow + r) * 15;
                    actions[r] = x[at] + 0.25f * x[at + 13];
                }
            }

            @Override
            public void close() {
            }
        };
        for (int i = 0; i < 3; i++) {
            run(new FastBacktestEngine(), bars.subList(0, Math.min(n, 200_000)), stats, free, settings);
        }
        Timed alone = best(Math.max(repeats, 5), () -> run(new FastBacktestEngine(), bars, stats, free, settings));
        System.out.printf("%n== the engine alone (a policy costing one multiply-add a row): %.1f round trips per 1000 bars"
                + " ==%n", 1000.0 * alone.report.trades().size() / n);
        System.out.printf("fast engine + metrics without ONNX: %.3f s, %.0f ns a bar%n", alone.seconds,
                alone.seconds / n * 1e9);
    }

    /**
     * Random weights, then hidden unit 0 of both layers made to carry the position alone and the output weighted
     * −3 on it: from long the action falls below the short threshold and from short above the long one.
     */
    private static MlpWeights flipping() {
        MlpWeights w = TestMlps.random(7, 15, true, 64, 64);
        float[] first = w.layers().get(0).weights()[0];
        Arrays.fill(first, 0f);
        first[13] = 1f;
        w.layers().get(0).bias()[0] = 0f;
        float[] second = w.layers().get(1).weights()[0];
        Arrays.fill(second, 0f);
        second[0] = 1f;
        w.layers().get(1).bias()[0] = 0f;
        w.layers().get(2).weights()[0][0] = -3f;
        return w;
    }

    private static void scenario(String name, MlpWeights mlp, List<FeatureVector> bars, NormStats stats,
            BacktestSettings settings, int repeats) {
        int n = bars.size();
        byte[] onnx = OnnxMlpWriter.write(mlp);
        String sha = Hashes.sha256Hex(onnx);
        try (OnnxPolicy fastPolicy = OnnxPolicy.load(onnx, sha, 15, settings.chunkRows());
                OnnxPolicy refPolicy = OnnxPolicy.load(onnx, sha, 15, settings.chunkRows())) {
            // warm-up: JIT the engines, metrics and ONNX paths
            List<FeatureVector> warm = bars.subList(0, Math.min(n, 200_000));
            for (int i = 0; i < 3; i++) {
                run(new FastBacktestEngine(), warm, stats, fastPolicy, settings);
                run(new ReferenceBacktestEngine(), warm.subList(0, warm.size() / 4), stats, refPolicy, settings);
            }
            CountingPolicy counted = new CountingPolicy(fastPolicy);
            // fast and per-bar runs alternate and each side keeps its best, so a drift of the machine's speed during the
            // run affects both sides alike
            Timed fast = null;
            Timed ref = null;
            for (int r = 0; r < repeats; r++) {
                fast = faster(fast, best(1, () -> run(new FastBacktestEngine(), bars, stats, counted, settings)));
                ref = faster(ref, best(1, () -> run(new ReferenceBacktestEngine(), bars, stats, refPolicy, settings)));
            }
            double rowsPerBar = counted.rows() / (double) repeats / n;
            double callsPerRun = counted.calls() / (double) repeats;
            double onnxOnly = onnxBatchSeconds(fastPolicy, n, settings.chunkRows(), repeats);
            long t0 = System.nanoTime();
            BacktestReport.of(fast.report.path(), settings);
            double metricsSeconds = (System.nanoTime() - t0) / 1e9;

            System.out.printf("%n== %s: %.1f round trips per 1000 bars ==%n", name,
                    1000.0 * fast.report.trades().size() / n);
            System.out.printf("%-46s %10s %14s %10s%n", "engine", "seconds", "bars/s", "trades");
            row(String.format("fast (%.3f rows/bar, %.0f calls)", rowsPerBar, callsPerRun), fast, n);
            row("reference, one ONNX call per bar", ref, n);
            System.out.printf("%-46s %10.3f %14s %10s%n", "(ONNX actBatch alone, 1 row per bar)", onnxOnly,
                    String.format("%,.0f rows/s", n / onnxOnly), "-");
            // the ceiling: an engine doing nothing but one batched row per bar would be this much faster
            System.out.printf("speed-up vs the per-bar ONNX loop: %.1f× (ceiling at one batched row a bar: %.1f×);"
                    + " metrics %.3f s of the fast run; per-bar call %.2f µs, batched %.3f µs per row%n",
                    ref.seconds / fast.seconds, ref.seconds / onnxOnly, metricsSeconds, ref.seconds / n * 1e6,
                    onnxOnly / n * 1e6);
            // what 20× leaves for everything but ONNX Runtime, against what the fast run spent on it
            System.out.printf("everything but ONNX Runtime: %.0f ns a bar in the fast run (its time minus its rows at the"
                    + " batched cost); 20× would leave %.0f%n", (fast.seconds - onnxOnly * rowsPerBar) / n * 1e9,
                    (ref.seconds / 20 - onnxOnly * rowsPerBar) / n * 1e9);
            BacktestPath a = fast.report.path();
            BacktestPath b = ref.report.path();
            int positionDiffs = 0;
            int actionDiffs = 0;
            for (int t = 0; t < n; t++) {
                positionDiffs += a.position()[t] != b.position()[t] ? 1 : 0;
                actionDiffs += Float.compare(a.action()[t], b.action()[t]) != 0 ? 1 : 0;
            }
            System.out.printf("fast vs reference: %d position and %d action differences; trades equal %b,"
                    + " metrics equal %b%n", positionDiffs, actionDiffs,
                    fast.report.trades().equals(ref.report.trades()),
                    fast.report.metrics().equals(ref.report.metrics()));
            var metrics = fast.report.metrics();
            System.out.printf("path: total return %.4f, max DD %.4f, %d round trips, exposure %.3f%n",
                    metrics.totalReturn(), metrics.maxDrawdown(), metrics.numberOfTrades(), metrics.exposure());
        }
    }

    /** The floor: batched ONNX evaluation of {@code rows} random rows in chunks, nothing else. */
    private static double onnxBatchSeconds(Policy policy, int rows, int chunkRows, int repeats) {
        float[] x = TestMlps.randomRows(3, chunkRows, 15);
        float[] y = new float[chunkRows];
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int done = 0; done < rows; done += chunkRows) {
                policy.actBatch(x, Math.min(chunkRows, rows - done), y);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private record Timed(double seconds, BacktestReport report) {
    }

    private static Timed best(int repeats, java.util.function.Supplier<BacktestReport> task) {
        Timed best = null;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            BacktestReport r = task.get();
            double s = (System.nanoTime() - t0) / 1e9;
            if (best == null || s < best.seconds) {
                best = new Timed(s, r);
            }
        }
        return best;
    }

    private static Timed faster(Timed a, Timed b) {
        return a == null || b.seconds < a.seconds ? b : a;
    }

    private static void row(String name, Timed t, int n) {
        System.out.printf("%-46s %10.3f %,14.0f %10d%n", name, t.seconds, n / t.seconds, t.report.trades().size());
    }

    /** Engine run plus every metric, as the service computes them. */
    private static BacktestReport run(BacktestEngine engine, List<FeatureVector> bars, NormStats stats, Policy policy,
            BacktestSettings settings) {
        BacktestPath path = engine.run(bars, stats, policy, settings, BacktestProgress.NONE);
        return BacktestReport.of(path, settings);
    }

    /** Sessions of 60 bars on consecutive days, N(0, 1) features (0.1 % NaN), a random-walk close. */
    private static List<FeatureVector> bars(int n, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<FeatureVector> out = new ArrayList<>(n);
        LocalDate day0 = LocalDate.of(2020, 1, 1);
        double close = 4000;
        LocalDate day = null;
        for (int t = 0; t < n; t++) {
            if (t % 60 == 0) {
                day = day0.plusDays(t / 60);
            }
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = rnd.nextDouble() < 0.001 ? Double.NaN : rnd.nextGaussian();
            }
            close *= Math.exp(rnd.nextGaussian() * 0.0008);
            Instant ts = day.atTime(13, 0).toInstant(ZoneOffset.UTC).plusSeconds(300L * (t % 60));
            out.add(new FeatureVector(ts, day, t % 60 + 1, v, close, Map.of(), false, false, 1.0));
        }
        return out;
    }
}
