package co.usdcop.gate.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.InvalidPolicyException.Problem;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxPolicyTest {

    private static final int WIDTH = 15;

    private static OnnxPolicy load(byte[] onnx) {
        return OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), WIDTH);
    }

    @Test
    void onnxOutputEqualsPlainJavaForwardPassWithinTolerance() {
        for (boolean clip : new boolean[] {true, false}) {
            MlpWeights mlp = TestMlps.random(7, WIDTH, clip, 64, 64);
            float[] rows = TestMlps.randomRows(11, 2000, WIDTH);
            float[] expected = new float[2000];
            try (MlpPolicy reference = new MlpPolicy(mlp); OnnxPolicy onnx = load(OnnxMlpWriter.write(mlp))) {
                reference.actBatch(rows, 2000, expected);
                float[] actual = new float[2000];
                onnx.actBatch(rows, 2000, actual);
                double worst = 0;
                for (int i = 0; i < 2000; i++) {
                    worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
                }
                assertTrue(worst <= 1e-5, "largest difference " + worst + " (clip=" + clip + ")");
                if (clip) {
                    for (float a : actual) {
                        assertTrue(a >= -1f && a <= 1f, "clipped action out of range: " + a);
                    }
                } else {
                    // weights large enough that some raw actions leave [-1, 1]: proves the clip path is real
                    assertTrue(Arrays.stream(box(expected)).anyMatch(a -> Math.abs(a) > 1), "no action beyond +-1");
                }
            }
        }
    }

    @Test
    void batchedActionsEqualSingleRowActionsIncludingTheShortLastChunk() {
        byte[] onnx = OnnxMlpWriter.write(TestMlps.random(3, WIDTH, true, 32, 32));
        int rows = 203;
        float[] x = TestMlps.randomRows(5, rows, WIDTH);
        try (OnnxPolicy policy = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), WIDTH, 64)) {
            float[] batch = new float[rows];
            policy.actBatch(x, rows, batch);
            for (int r = 0; r < rows; r++) {
                float single = policy.act(Arrays.copyOfRange(x, r * WIDTH, (r + 1) * WIDTH));
                assertEquals(single, batch[r], 1e-6, "row " + r);
            }
            // buffers are reused: a second pass over other data must not see stale rows
            float[] y = TestMlps.randomRows(6, rows, WIDTH);
            float[] again = new float[rows];
            policy.actBatch(y, rows, again);
            assertEquals(policy.act(Arrays.copyOfRange(y, 202 * WIDTH, 203 * WIDTH)), again[202], 1e-6);
        }
    }

    @Test
    void aBatchCanBeReadInPlaceFromAnyRowOfALargerMatrix() {
        byte[] onnx = OnnxMlpWriter.write(TestMlps.random(4, WIDTH, true, 16));
        int rows = 150;
        float[] x = TestMlps.randomRows(8, rows, WIDTH);
        try (OnnxPolicy policy = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), WIDTH, 64)) {
            float[] all = new float[rows];
            policy.actBatch(x, rows, all);
            // rows 37..136: two full chunks of 64 would overrun, so one full chunk and a tail, both from an offset
            float[] part = new float[100];
            policy.actBatch(x, 37, 100, part);
            assertArrayEquals(Arrays.copyOfRange(all, 37, 137), part);
            // another tail size, then the first again: the tail tensors follow the size
            float[] few = new float[10];
            policy.actBatch(x, 5, 10, few);
            assertArrayEquals(Arrays.copyOfRange(all, 5, 15), few);
            policy.actBatch(x, 40, 100, part);
            assertArrayEquals(Arrays.copyOfRange(all, 40, 140), part);
            var e = assertThrows(IllegalArgumentException.class, () -> policy.actBatch(x, 100, 51, new float[51]));
            assertTrue(e.getMessage().contains("100..151"), e.getMessage());
        }
    }

    @Test
    void fixedBatchGraphPadsTheLastChunk() {
        MlpWeights mlp = TestMlps.random(9, WIDTH, true, 8);
        byte[] onnx = OnnxMlpWriter.write(mlp, new OnnxMlpWriter.Options(8, false));
        float[] x = TestMlps.randomRows(10, 21, WIDTH);
        try (OnnxPolicy policy = load(onnx); MlpPolicy reference = new MlpPolicy(mlp)) {
            assertArrayEquals(new long[] {8, WIDTH}, policy.spec().inputShape());
            float[] got = new float[21];
            float[] want = new float[21];
            policy.actBatch(x, 21, got);
            reference.actBatch(x, 21, want);
            assertArrayEquals(want, got, 1e-5f);
            assertEquals(want[4], policy.act(Arrays.copyOfRange(x, 4 * WIDTH, 5 * WIDTH)), 1e-5f);
        }
    }

    @Test
    void specIsReadFromTheGraph() {
        try (OnnxPolicy policy = load(TestMlps.validOnnx(1))) {
            assertEquals(OnnxMlpWriter.INPUT, policy.spec().inputName());
            assertArrayEquals(new long[] {-1, WIDTH}, policy.spec().inputShape());
            assertArrayEquals(new long[] {-1, 1}, policy.spec().outputShape());
            assertEquals("float32", policy.spec().outputType());
        }
    }

    @Test
    void hashMismatchIsRefusedBeforeAnySessionIsCreated() {
        // garbage bytes: if a session were attempted first, the error would be NOT_LOADABLE
        byte[] garbage = new byte[100];
        new Random(1).nextBytes(garbage);
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> OnnxPolicy.load(garbage, "0".repeat(64), WIDTH));
        assertEquals(Problem.HASH_MISMATCH, e.problem());
        assertTrue(e.getMessage().contains(Hashes.sha256Hex(garbage)), e.getMessage());
        assertEquals("VALIDATION", e.code());
    }

    @Test
    void corruptAndTruncatedFilesAreRefused() {
        byte[] garbage = new byte[512];
        new Random(2).nextBytes(garbage);
        byte[] valid = TestMlps.validOnnx(2);
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        for (byte[] bad : new byte[][] {garbage, truncated, new byte[0]}) {
            InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> load(bad));
            assertEquals(Problem.NOT_LOADABLE, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("corrupt, truncated or not an ONNX model"), e.getMessage());
        }
    }

    @Test
    void wrongInputWidthIsRefused() {
        for (int width : new int[] {14, 16}) {
            byte[] onnx = OnnxMlpWriter.write(TestMlps.random(4, width, true, 8));
            InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> load(onnx));
            assertEquals(Problem.BAD_INPUT, e.problem());
            assertTrue(e.getMessage().contains("[batch, " + width + "]") && e.getMessage().contains("[batch, 15]"),
                    e.getMessage());
        }
    }

    @Test
    void twoOutputsAreRefused() {
        byte[] onnx = OnnxMlpWriter.write(TestMlps.random(4, WIDTH, true, 8), new OnnxMlpWriter.Options(-1, true));
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> load(onnx));
        assertEquals(Problem.BAD_OUTPUT, e.problem());
        assertTrue(e.getMessage().contains("2 outputs"), e.getMessage());
    }

    @Test
    void closedPolicyRefusesToAct() {
        OnnxPolicy policy = load(TestMlps.validOnnx(3));
        policy.close();
        policy.close();
        assertTrue(policy.isClosed());
        assertThrows(IllegalStateException.class, () -> policy.act(new float[WIDTH]));
    }

    private static Float[] box(float[] values) {
        Float[] out = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
