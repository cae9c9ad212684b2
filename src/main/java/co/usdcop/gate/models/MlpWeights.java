package co.usdcop.gate.models;

import java.util.List;

/**
 * The weights of a tanh multi-layer perceptron policy: {@code h = tanh(W·x + b)} for every hidden layer, then a
 * linear output layer, optionally clipped to [-1, 1]. Each layer's {@code weights} is {@code [out][in]} (the
 * layout of PyTorch's {@code nn.Linear}). Invariant: layer i's input width equals layer i-1's output width and
 * the last layer has one output (one action per row).
 */
public record MlpWeights(List<Layer> layers, boolean clipOutput) {

    public record Layer(float[][] weights, float[] bias) {

        public Layer {
            if (weights.length == 0 || weights.length != bias.length) {
                throw new IllegalArgumentException("a layer needs one bias per output row, got "
                        + weights.length + " rows and " + bias.length + " biases");
            }
            int in = weights[0].length;
            for (float[] row : weights) {
                if (row.length != in || in == 0) {
                    throw new IllegalArgumentException("all weight rows of a layer must have the same non-zero width");
                }
            }
        }

        public int inputs() {
            return weights[0].length;
        }

        public int outputs() {
            return weights.length;
        }
    }

    public MlpWeights {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputs() != layers.get(i - 1).outputs()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).inputs()
                        + " inputs but layer " + (i - 1) + " gives " + layers.get(i - 1).outputs());
            }
        }
        if (layers.get(layers.size() - 1).outputs() != 1) {
            throw new IllegalArgumentException("the output layer must produce exactly one action");
        }
    }

    public int inputWidth() {
        return layers.get(0).inputs();
    }
}
