package co.usdcop.gate.artifacts;

import co.usdcop.gate.common.error.InvalidInputException;
import java.util.Arrays;

/** What an artifact holds; the value of {@code ?kind=} and of the {@code artifacts.kind} column. */
public enum ArtifactKind {
    ONNX("onnx", "application/octet-stream"),
    NORM_STATS("norm_stats", "application/json"),
    DATASET("dataset", "application/octet-stream"),
    OTHER("other", "application/octet-stream");

    private final String key;
    private final String defaultMediaType;

    ArtifactKind(String key, String defaultMediaType) {
        this.key = key;
        this.defaultMediaType = defaultMediaType;
    }

    public String key() {
        return key;
    }

    public String defaultMediaType() {
        return defaultMediaType;
    }

    /** Parses {@code onnx|norm_stats|dataset|other}; null or blank means {@code other}. */
    public static ArtifactKind parse(String value) {
        if (value == null || value.isBlank()) {
            return OTHER;
        }
        for (ArtifactKind k : values()) {
            if (k.key.equalsIgnoreCase(value.trim())) {
                return k;
            }
        }
        throw new InvalidInputException("Unknown artifact kind '" + value + "'; use one of "
                + Arrays.stream(values()).map(ArtifactKind::key).toList() + ".");
    }
}
