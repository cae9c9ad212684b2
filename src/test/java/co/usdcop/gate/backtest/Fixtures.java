package co.usdcop.gate.backtest;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic feature rows, settings and small plain-Java policies for engine and metric tests. */
final class Fixtures {

    static final int BARS_PER_SESSION = 60;
    static final LocalDate DAY0 = LocalDate.of(2025, 7, 1);

    private Fixtures() {
    }

    /** Capital 10 000, cost {@code bps}, thresholds ±0.33, quality floor 0.8, clip 5, 60-bar sessions. */
    static BacktestSettings settings(double bps) {
        return new BacktestSettings(10_000, bps, 0.33, -0.33, 0.8, 5.0, BARS_PER_SESSION, 252, 0.0, 4096);
    }

    /** Identity norm stats (mean 0, std 1) over {@code m} features. */
    static NormStats identity(int m) {
        double[] mean = new double[m];
        double[] std = new double[m];
        Arrays.fill(std, 1.0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            names.add("f" + i);
        }
        return new NormStats(names, mean, std);
    }

    /** A bar of session date {@code day}, number {@code barNumber} (1-based), 5-minute steps from 13:00 UTC. */
    static FeatureVector bar(LocalDate day, int barNumber, double close, double quality, double... values) {
        Instant ts = day.atTime(13, 0).toInstant(ZoneOffset.UTC).plusSeconds(300L * (barNumber - 1));
        return new FeatureVector(ts, day, barNumber, values, close, Map.of(), false, false, quality);
    }

    /**
     * Bars whose first feature is the action an {@link EchoPolicy} will return; all on one session day
     * starting at bar 1.
     */
    static List<FeatureVector> echoBars(double[] closes, double[] actions) {
        List<FeatureVector> out = new ArrayList<>();
        for (int t = 0; t < closes.length; t++) {
            out.add(bar(DAY0, t + 1, closes[t], 1.0, actions[t], 0.0));
        }
        return out;
    }

    /**
     * {@code n} random bars over consecutive sessions of 60 bars, {@code m} features; a random walk close; NaN
     * features and low quality sprinkled with the given probabilities.
     */
    static List<FeatureVector> randomBars(long seed, int n, int m, double pNaN, double pLowQuality) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<FeatureVector> out = new ArrayList<>(n);
        double close = 4000;
        for (int t = 0; t < n; t++) {
            LocalDate day = DAY0.plusDays(t / BARS_PER_SESSION);
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = rnd.nextDouble() < pNaN ? Double.NaN : rnd.nextGaussian() * 2;
            }
            close *= Math.exp(rnd.nextGaussian() * 0.001);
            double quality = rnd.nextDouble() < pLowQuality ? 0.5 : 1.0;
            out.add(bar(day, t % BARS_PER_SESSION + 1, close, quality, v));
        }
        return out;
    }

    /** The rows as the feature store would hand them over, with its data_snapshot_hash. */
    static co.usdcop.gate.features.store.FeatureSnapshot snapshot(List<FeatureVector> rows) {
        return new co.usdcop.gate.features.store.FeatureSnapshot(rows,
                co.usdcop.gate.common.Hashes.sha256Hex(co.usdcop.gate.features.store.FeatureRowsCsv.of(rows)),
                "test", "2.0.0");
    }

    /** Returns its first observation column as the action; counts the rows it was asked about. */
    static class EchoPolicy implements Policy {
        final int width;
        int rowsEvaluated;
        final List<float[]> seen = new ArrayList<>();

        EchoPolicy(int width) {
            this.width = width;
        }

        @Override
        public int inputWidth() {
            return width;
        }

        @Override
        public float act(float[] observation) {
            rowsEvaluated++;
            seen.add(observation.clone());
            return observation[0];
        }

        @Override
        public void actBatch(float[] observations, int fromRow, int rows, float[] actions) {
            for (int r = 0; r < rows; r++) {
                rowsEvaluated++;
                actions[r] = observations[(fromRow + r) * width];
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * A random tanh MLP (width → hidden → 1) in plain Java; {@code positionWeight} scales the position input so a
     * large value makes the policy react on its own position, and {@code selfFlip} &gt; 0 pushes the output against
     * the held position (a policy that flips often). Float arithmetic in a fixed order, so
     * {@link #act} and {@link #actBatch} agree bit for bit.
     */
    static final class RandomMlpPolicy implements Policy {
        private final int width;
        private final int hidden;
        private final float[] w1;
        private final float[] b1;
        private final float[] w2;
        private final float b2;
        private final float selfFlip;

        RandomMlpPolicy(long seed, int width, int hidden, double positionWeight) {
            this(seed, width, hidden, positionWeight, 0.0);
        }

        RandomMlpPolicy(long seed, int width, int hidden, double positionWeight, double selfFlip) {
            this.selfFlip = (float) selfFlip;
            SplittableRandom rnd = new SplittableRandom(seed);
            this.width = width;
            this.hidden = hidden;
            this.w1 = new float[hidden * width];
            this.b1 = new float[hidden];
            this.w2 = new float[hidden];
            for (int h = 0; h < hidden; h++) {
                for (int i = 0; i < width; i++) {
                    double scale = i == width - 2 ? positionWeight : 1.0;
                    w1[h * width + i] = (float) (rnd.nextGaussian() * scale / Math.sqrt(width));
                }
                b1[h] = (float) (rnd.nextGaussian() * 0.1);
                w2[h] = (float) (rnd.nextGaussian() / Math.sqrt(hidden));
            }
            this.b2 = (float) (rnd.nextGaussian() * 0.1);
        }

        @Override
        public int inputWidth() {
            return width;
        }

        @Override
        public float act(float[] observation) {
            return row(observation, 0);
        }

        @Override
        public void actBatch(float[] observations, int fromRow, int rows, float[] actions) {
            for (int r = 0; r < rows; r++) {
                actions[r] = row(observations, (fromRow + r) * width);
            }
        }

        private float row(float[] x, int offset) {
            float out = b2;
            for (int h = 0; h < hidden; h++) {
                float z = b1[h];
                for (int i = 0; i < width; i++) {
                    z += w1[h * width + i] * x[offset + i];
                }
                out += w2[h] * (float) Math.tanh(z);
            }
            return (float) Math.tanh(out - selfFlip * x[offset + width - 2]);
        }

        @Override
        public void close() {
        }
    }
}
