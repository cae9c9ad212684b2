/**
 * Content-addressed artifacts (ONNX policies, norm_stats.json, dataset manifests): the {@code artifacts} table, the
 * {@link co.usdcop.gate.models.artifacts.ArtifactStore} interface with its filesystem implementation, the service
 * that stores and reads them with hash checks, and the REST resource {@code /api/artifacts} (binary uploads do not
 * belong in GraphQL).
 */
package co.usdcop.gate.models.artifacts;
