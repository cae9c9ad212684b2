package co.usdcop.gate.bench;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.MlpPolicy;
import co.usdcop.gate.models.MlpWeights;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.TestMlps;
import java.util.Arrays;

/**
 * OnnxPolicy speed on a 15 → 64 → 64 → 1 tanh MLP (the shape of the seeds' PPO policy), one intra-op thread:
 * single-row act() latency (median and p99 over 200 000 calls after warm-up), batched actBatch() throughput over
 * 1 000 000 rows, and the plain-Java MlpPolicy for comparison. Run:
 * {@code ./mvnw -Pbench test-compile exec:java -Dexec.mainClass=co.usdcop.gate.bench.OnnxPolicyBench}
 */
public final class OnnxPolicyBench {

    public static void main(String[] args) {
        MlpWeights mlp = TestMlps.random(1, 15, true, 64, 64);
        byte[] onnx = OnnxMlpWriter.write(mlp);
        int rows = 1_000_000;
        float[] x = TestMlps.randomRows(2, rows, 15);
        float[] out = new float[rows];
        try (OnnxPolicy policy = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), 15);
                MlpPolicy reference = new MlpPolicy(mlp)) {
            float[] row = Arrays.copyOf(x, 15);
            for (int i = 0; i < 50_000; i++) {
                row[0] = x[i * 15];
                policy.act(row);
            }
            int calls = 200_000;
            long[] ns = new long[calls];
            for (int i = 0; i < calls; i++) {
                row[0] = x[(i % rows) * 15];
                long t0 = System.nanoTime();
                policy.act(row);
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            System.out.printf("act(): median %.2f us, p99 %.2f us%n", ns[calls / 2] / 1e3, ns[(int) (calls * 0.99)] / 1e3);

            policy.actBatch(x, rows, out); // warm-up
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                policy.actBatch(x, rows, out);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("actBatch(): %.2f M rows/s (best of 5, chunks of %d)%n", rows / (best / 1e9) / 1e6,
                    OnnxPolicy.DEFAULT_CHUNK_ROWS);

            reference.actBatch(x, rows, out);
            long t0 = System.nanoTime();
            reference.actBatch(x, rows, out);
            double javaRate = rows / ((System.nanoTime() - t0) / 1e9) / 1e6;
            System.out.printf("MlpPolicy (plain Java): %.2f M rows/s%n", javaRate);
        }
    }
}
