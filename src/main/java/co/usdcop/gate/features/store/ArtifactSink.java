package co.usdcop.gate.features.store;

/**
 * Where exported datasets and norm stats go: content-addressed blobs. {@link FileArtifactSink} is the default; an
 * implementation backed by the model registry's artifact store can replace it without touching the exporter.
 */
public interface ArtifactSink {

    /** Stores {@code bytes} (idempotent) and returns their SHA-256 hex. */
    String put(String kind, String mediaType, byte[] bytes);
}
