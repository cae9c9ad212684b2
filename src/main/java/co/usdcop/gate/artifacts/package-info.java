/**
 * Content-addressed artifacts, whoever produces them: ONNX policies and norm_stats.json uploaded for the model
 * registry, training datasets and norm stats exported by the feature store. The {@code artifacts} table, the
 * {@link co.usdcop.gate.artifacts.ArtifactStore} interface with its filesystem implementation, the
 * {@link co.usdcop.gate.artifacts.ArtifactService} that stores and reads them with hash checks, and the REST resource
 * {@code /api/artifacts} (binary uploads do not belong in GraphQL). It depends on no feature package, so the feature
 * store and the registry both build on it.
 */
package co.usdcop.gate.artifacts;
