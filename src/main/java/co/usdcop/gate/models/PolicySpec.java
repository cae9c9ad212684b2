package co.usdcop.gate.models;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observation and action spec read from an ONNX policy's metadata. A dimension of {@code -1} is symbolic
 * (any batch size). Stored with the registered model and shown in the dashboard.
 */
public record PolicySpec(String inputName, String inputType, long[] inputShape,
        String outputName, String outputType, long[] outputShape) {

    public Map<String, Object> observation() {
        return describe(inputName, inputType, inputShape);
    }

    public Map<String, Object> action() {
        return describe(outputName, outputType, outputShape);
    }

    private static Map<String, Object> describe(String name, String type, long[] shape) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("shape", Arrays.stream(shape).boxed().toList());
        return m;
    }

    @Override
    public String toString() {
        return inputName + ": " + inputType + " " + shapeText(inputShape) + " -> " + outputName + ": " + outputType
                + " " + shapeText(outputShape);
    }

    static String shapeText(long[] shape) {
        List<String> dims = Arrays.stream(shape).mapToObj(d -> d < 0 ? "batch" : Long.toString(d)).toList();
        return "[" + String.join(", ", dims) + "]";
    }
}
