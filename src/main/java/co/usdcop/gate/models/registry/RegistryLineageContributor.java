package co.usdcop.gate.models.registry;

import co.usdcop.gate.artifacts.Artifact;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.lineage.LineageBuilder;
import co.usdcop.gate.lineage.LineageContributor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The registry's part of a lineage: experiment contract → dataset → model → norm stats and ONNX artifact. Runs first
 * and fails with NOT_FOUND for an unknown model, so no other contributor runs for it.
 */
@ApplicationScoped
public class RegistryLineageContributor implements LineageContributor {

    @Inject
    ModelRegistryService registry;

    @Override
    public int order() {
        return 0;
    }

    @Override
    public void contribute(LineageBuilder graph) {
        RegisteredModel m = registry.require(graph.modelId());
        ExperimentContract exp = ExperimentContract.findById(m.experimentContractId);
        String experiment = graph.node("experiment", exp.contractId, exp.configHash, exp.createdAt,
                "Experiment " + exp.name + " v" + exp.version + " (train " + exp.trainStart + " to " + exp.trainEnd + ")");
        Artifact datasetArtifact = registry.datasetKnown(m.datasetHash) ? Artifact.findBySha(m.datasetHash) : null;
        String dataset = graph.node("dataset", m.datasetHash, m.datasetHash,
                datasetArtifact == null ? null : datasetArtifact.createdAt,
                datasetArtifact == null ? "Dataset (not stored in the service)" : "Dataset (" + datasetArtifact.size + " bytes)");
        String model = graph.node("model", m.modelId, m.modelHash, m.createdAt, "Model " + m.modelId + " [" + m.stage.key() + "]");
        Artifact onnx = Artifact.findBySha(m.modelHash);
        String onnxNode = graph.node("onnx", m.modelHash, m.modelHash, onnx == null ? null : onnx.createdAt,
                "ONNX policy" + (onnx == null ? "" : " (" + onnx.size + " bytes)"));
        Artifact norm = Artifact.findBySha(m.normStatsHash);
        String normNode = graph.node("norm_stats", m.normStatsHash, m.normStatsHash, norm == null ? null : norm.createdAt,
                "Norm stats");
        graph.edge(experiment, dataset, "uses_dataset");
        graph.edge(dataset, model, "trained");
        graph.edge(model, normNode, "normalizes_with");
        graph.edge(model, onnxNode, "serialized_as");
    }
}
