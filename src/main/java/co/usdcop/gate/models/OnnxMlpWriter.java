package co.usdcop.gate.models;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an {@link MlpWeights} policy as an ONNX file without any ONNX library: the graph is
 * {@code Gemm → Tanh → … → Gemm → (Clip to [-1, 1])}, input {@value #INPUT} float32 {@code [batch, width]},
 * output {@value #OUTPUT} float32 {@code [batch, 1]}; opset 13, IR version 8. The protobuf wire format is written
 * by hand (varints, length-delimited fields, little-endian floats) following onnx.proto3; field numbers are named
 * below. Used by tests and by the dev demo; research exports its real policies from stable-baselines3.
 */
public final class OnnxMlpWriter {

    public static final String INPUT = "observation";
    public static final String OUTPUT = "action";
    static final long IR_VERSION = 8;
    static final long OPSET = 13;

    /**
     * @param batchDim fixed batch size, or {@code -1} for a symbolic ("batch") dimension
     * @param hiddenAsOutputs also expose each hidden activation as a graph output (a model with several outputs)
     */
    public record Options(long batchDim, boolean hiddenAsOutputs) {
        public static final Options DEFAULT = new Options(-1, false);
    }

    private OnnxMlpWriter() {
    }

    public static byte[] write(MlpWeights mlp) {
        return write(mlp, Options.DEFAULT);
    }

    public static byte[] write(MlpWeights mlp, Options options) {
        Proto graph = new Proto();
        List<MlpWeights.Layer> layers = mlp.layers();
        String x = INPUT;
        Proto extraOutputs = new Proto();
        for (int l = 0; l < layers.size(); l++) {
            MlpWeights.Layer layer = layers.get(l);
            String w = "W" + l;
            String b = "b" + l;
            graph.message(GRAPH_INITIALIZER, floatTensor(w, new long[] {layer.outputs(), layer.inputs()}, flatten(layer.weights())));
            graph.message(GRAPH_INITIALIZER, floatTensor(b, new long[] {layer.outputs()}, layer.bias()));
            boolean last = l == layers.size() - 1;
            String linear = last ? (mlp.clipOutput() ? "action_raw" : OUTPUT) : "z" + l;
            graph.message(GRAPH_NODE, node("gemm" + l, "Gemm", List.of(x, w, b), linear, intAttribute("transB", 1)));
            if (!last) {
                String h = "h" + l;
                graph.message(GRAPH_NODE, node("tanh" + l, "Tanh", List.of(linear), h, null));
                if (options.hiddenAsOutputs()) {
                    extraOutputs.message(GRAPH_OUTPUT, valueInfo(h, options.batchDim(), layer.outputs()));
                }
                x = h;
            }
        }
        if (mlp.clipOutput()) {
            graph.message(GRAPH_INITIALIZER, floatTensor("clip_min", new long[0], new float[] {-1f}));
            graph.message(GRAPH_INITIALIZER, floatTensor("clip_max", new long[0], new float[] {1f}));
            graph.message(GRAPH_NODE, node("clip", "Clip", List.of("action_raw", "clip_min", "clip_max"), OUTPUT, null));
        }
        graph.string(GRAPH_NAME, "mlp_policy");
        graph.message(GRAPH_INPUT, valueInfo(INPUT, options.batchDim(), mlp.inputWidth()));
        graph.message(GRAPH_OUTPUT, valueInfo(OUTPUT, options.batchDim(), 1));
        graph.raw(extraOutputs.bytes());

        Proto opset = new Proto();
        opset.string(OPSET_DOMAIN, "");
        opset.varint(OPSET_VERSION, OPSET);

        Proto model = new Proto();
        model.varint(MODEL_IR_VERSION, IR_VERSION);
        model.string(MODEL_PRODUCER_NAME, "usdcop-gate OnnxMlpWriter");
        model.message(MODEL_GRAPH, graph);
        model.message(MODEL_OPSET_IMPORT, opset);
        return model.bytes();
    }

    // onnx.proto3 field numbers
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INT = 2;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int DATA_TYPE_FLOAT = 1;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private static Proto node(String name, String op, List<String> inputs, String output, Proto attribute) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(NODE_INPUT, in);
        }
        n.string(NODE_OUTPUT, output);
        n.string(NODE_NAME, name);
        n.string(NODE_OP_TYPE, op);
        if (attribute != null) {
            n.message(NODE_ATTRIBUTE, attribute);
        }
        return n;
    }

    private static Proto intAttribute(String name, long value) {
        Proto a = new Proto();
        a.string(ATTR_NAME, name);
        a.varint(ATTR_I, value);
        a.varint(ATTR_TYPE, ATTR_TYPE_INT);
        return a;
    }

    private static Proto floatTensor(String name, long[] dims, float[] values) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        t.varint(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT);
        t.string(TENSOR_NAME, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        t.bytes(TENSOR_RAW_DATA, raw.array());
        return t;
    }

    private static Proto valueInfo(String name, long batchDim, long width) {
        Proto batch = new Proto();
        if (batchDim > 0) {
            batch.varint(DIM_VALUE, batchDim);
        } else {
            batch.string(DIM_PARAM, "batch");
        }
        Proto features = new Proto();
        features.varint(DIM_VALUE, width);
        Proto shape = new Proto();
        shape.message(SHAPE_DIM, batch);
        shape.message(SHAPE_DIM, features);
        Proto tensorType = new Proto();
        tensorType.varint(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT);
        tensorType.message(TENSOR_TYPE_SHAPE, shape);
        Proto type = new Proto();
        type.message(TYPE_TENSOR, tensorType);
        Proto info = new Proto();
        info.string(VALUE_INFO_NAME, name);
        info.message(VALUE_INFO_TYPE, type);
        return info;
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
    }

    /** Protobuf wire format: tag = field << 3 | wire type (0 varint, 2 length-delimited). */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
        }

        void bytes(int field, byte[] value) {
            writeVarint((long) field << 3 | 2);
            writeVarint(value.length);
            out.writeBytes(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, Proto value) {
            bytes(field, value.bytes());
        }

        /** Appends already-encoded fields. */
        void raw(byte[] encoded) {
            out.writeBytes(encoded);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        /** Base-128 varint, least significant group first; negative values take ten bytes as in protobuf. */
        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
