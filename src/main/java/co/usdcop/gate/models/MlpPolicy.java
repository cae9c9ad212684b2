package co.usdcop.gate.models;

import java.util.List;

/**
 * Plain-Java forward pass of an {@link MlpWeights} policy, accumulated in double precision. It is the reference the
 * ONNX files written by {@link OnnxMlpWriter} are tested against (agreement within
 * 1e-5); production code runs the ONNX file through {@link OnnxPolicy}, which is much faster in batches (docs/performance.md).
 */
public final class MlpPolicy implements Policy {

    private final MlpWeights mlp;
    private final double[][] activations;

    public MlpPolicy(MlpWeights mlp) {
        this.mlp = mlp;
        List<MlpWeights.Layer> layers = mlp.layers();
        this.activations = new double[layers.size() + 1][];
        activations[0] = new double[mlp.inputWidth()];
        for (int i = 0; i < layers.size(); i++) {
            activations[i + 1] = new double[layers.get(i).outputs()];
        }
    }

    @Override
    public int inputWidth() {
        return mlp.inputWidth();
    }

    @Override
    public float act(float[] observation) {
        if (observation.length != inputWidth()) {
            throw new IllegalArgumentException("observation has " + observation.length + " values, expected " + inputWidth());
        }
        return forward(observation, 0);
    }

    @Override
    public void actBatch(float[] observations, int fromRow, int rows, float[] actions) {
        int width = inputWidth();
        Policy.checkBatch(observations, fromRow, rows, actions, width);
        for (int r = 0; r < rows; r++) {
            actions[r] = forward(observations, (fromRow + r) * width);
        }
    }

    private float forward(float[] obs, int offset) {
        double[] in = activations[0];
        for (int i = 0; i < in.length; i++) {
            in[i] = obs[offset + i];
        }
        List<MlpWeights.Layer> layers = mlp.layers();
        for (int l = 0; l < layers.size(); l++) {
            MlpWeights.Layer layer = layers.get(l);
            double[] x = activations[l];
            double[] y = activations[l + 1];
            boolean hidden = l < layers.size() - 1;
            for (int o = 0; o < y.length; o++) {
                float[] w = layer.weights()[o];
                double sum = layer.bias()[o];
                for (int i = 0; i < x.length; i++) {
                    sum += w[i] * x[i];
                }
                y[o] = hidden ? Math.tanh(sum) : sum;
            }
        }
        double out = activations[layers.size()][0];
        if (mlp.clipOutput()) {
            out = Math.max(-1.0, Math.min(1.0, out));
        }
        return (float) out;
    }

    @Override
    public void close() {
        // no native resources
    }
}
