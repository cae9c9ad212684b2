package co.usdcop.gate.models;

import co.usdcop.gate.models.OnnxMlpWriter.Proto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-made ONNX files for the refusal tests: {@code action = observation · W} ([batch, width] × [width, 1]) with W
 * stored inline, as external data at a chosen location, or computed by an operator from a custom domain.
 */
public final class CraftedOnnx {

    private CraftedOnnx() {
    }

    /** W inline: a valid policy (the control case). */
    public static byte[] inline(int width) {
        return model(width, weights(width, null, 0), "MatMul", "");
    }

    /** W read by ONNX Runtime from {@code location} ({@code length} bytes from offset 0) instead of the file. */
    public static byte[] externalWeights(int width, String location, long length) {
        return model(width, weights(width, location, length), "MatMul", "");
    }

    /** W inline, but the product is an operator of {@code domain}. */
    public static byte[] customOperator(int width, String domain, String op) {
        return model(width, weights(width, null, 0), op, domain);
    }

    /** {@code action = p / p} with {@code p = observation · 0}: NaN for every row, as a broken export may return. */
    public static byte[] nanPolicy(int width) {
        Proto zeros = new Proto();
        zeros.varint(1, width);
        zeros.varint(1, 1);
        zeros.varint(2, 1);
        zeros.string(8, "W");
        zeros.bytes(9, new byte[width * Float.BYTES]);
        Proto matmul = new Proto();
        matmul.string(1, "observation");
        matmul.string(1, "W");
        matmul.string(2, "p");
        matmul.string(4, "MatMul");
        Proto div = new Proto();
        div.string(1, "p");
        div.string(1, "p");
        div.string(2, "action");
        div.string(4, "Div");
        Proto graph = new Proto();
        graph.message(1, matmul);
        graph.message(1, div);
        graph.string(2, "nan");
        graph.message(5, zeros);
        graph.message(11, valueInfo("observation", width));
        graph.message(12, valueInfo("action", 1));
        return wrap(graph);
    }

    private static byte[] wrap(Proto graph) {
        return wrap(graph, "");
    }

    /** The model around {@code graph}: IR 8, the default opset 13 and, unless empty, {@code domain} at version 1. */
    private static byte[] wrap(Proto graph, String domain) {
        Proto opset = new Proto();
        opset.string(1, "");
        opset.varint(2, 13);
        Proto model = new Proto();
        model.varint(1, 8);
        model.string(2, "crafted");
        model.message(7, graph);
        model.message(8, opset);
        if (!domain.isEmpty()) {
            Proto custom = new Proto();
            custom.string(1, domain);
            custom.varint(2, 1);
            model.message(8, custom);
        }
        return model.bytes();
    }

    private static Proto weights(int width, String externalLocation, long length) {
        Proto t = new Proto();
        t.varint(1, width);
        t.varint(1, 1);
        t.varint(2, 1);
        t.string(8, "W");
        if (externalLocation == null) {
            ByteBuffer raw = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < width; i++) {
                raw.putFloat(0.01f * (i + 1));
            }
            t.bytes(9, raw.array());
        } else {
            t.message(13, entry("location", externalLocation));
            t.message(13, entry("offset", "0"));
            t.message(13, entry("length", Long.toString(length)));
            t.varint(14, 1);
        }
        return t;
    }

    private static Proto entry(String key, String value) {
        Proto e = new Proto();
        e.string(1, key);
        e.string(2, value);
        return e;
    }

    private static byte[] model(int width, Proto w, String op, String domain) {
        Proto node = new Proto();
        node.string(1, "observation");
        node.string(1, "W");
        node.string(2, "action");
        node.string(3, "product");
        node.string(4, op);
        if (!domain.isEmpty()) {
            node.string(7, domain);
        }
        Proto graph = new Proto();
        graph.message(1, node);
        graph.string(2, "crafted");
        graph.message(5, w);
        graph.message(11, valueInfo("observation", width));
        graph.message(12, valueInfo("action", 1));
        return wrap(graph, domain);
    }

    private static Proto valueInfo(String name, long width) {
        Proto batch = new Proto();
        batch.string(2, "batch");
        Proto features = new Proto();
        features.varint(1, width);
        Proto shape = new Proto();
        shape.message(1, batch);
        shape.message(1, features);
        Proto tensorType = new Proto();
        tensorType.varint(1, 1);
        tensorType.message(2, shape);
        Proto type = new Proto();
        type.message(1, tensorType);
        Proto info = new Proto();
        info.string(1, name);
        info.message(2, type);
        return info;
    }
}
