package co.usdcop.gate.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random MLP policies for tests, with weights scaled by 1/sqrt(fan-in) so tanh layers are not saturated. */
public final class TestMlps {

    private TestMlps() {
    }

    public static MlpWeights random(long seed, int inputs, boolean clip, int... hidden) {
        Random rnd = new Random(seed);
        List<MlpWeights.Layer> layers = new ArrayList<>();
        int in = inputs;
        int[] widths = new int[hidden.length + 1];
        System.arraycopy(hidden, 0, widths, 0, hidden.length);
        widths[hidden.length] = 1;
        for (int out : widths) {
            float[][] w = new float[out][in];
            float[] b = new float[out];
            double scale = 1.0 / Math.sqrt(in);
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o][i] = (float) (rnd.nextGaussian() * scale);
                }
                b[o] = (float) (rnd.nextGaussian() * 0.1);
            }
            layers.add(new MlpWeights.Layer(w, b));
            in = out;
        }
        return new MlpWeights(layers, clip);
    }

    /** A valid 15-feature policy (15 → 16 → 16 → 1, clipped) as ONNX bytes. */
    public static byte[] validOnnx(long seed) {
        return OnnxMlpWriter.write(random(seed, 15, true, 16, 16));
    }

    public static float[] randomRows(long seed, int rows, int width) {
        Random rnd = new Random(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 1.5);
        }
        return x;
    }
}
