/**
 * The lineage graph of a model: {@code lineage(modelId)} collects nodes and edges from every
 * {@link co.usdcop.gate.lineage.LineageContributor} bean (the registry adds experiment contract → dataset → model →
 * norm stats / ONNX artifact; backtests, proposals, votes, production contracts and signals add theirs by
 * implementing the same interface in their own package).
 */
package co.usdcop.gate.lineage;
