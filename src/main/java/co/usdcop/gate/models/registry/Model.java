package co.usdcop.gate.models.registry;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

/** GraphQL view of a registered model; related records (experiment, artifacts, history) are resolved on demand. */
@Description("A registered policy with every hash that identifies it")
public record Model(
        String modelId,
        @Description("registered, staging, production or archived") String stage,
        String experimentContractId,
        @Description("SHA-256 of the ONNX file") String modelHash,
        @Description("SHA-256 of norm_stats.json") String normStatsHash,
        @Description("SHA-256 of the training dataset") String datasetHash,
        @Description("Feature order the model was checked against at registration") String featureOrderHash,
        String featureContractVersion,
        @Description("Input of the ONNX graph as JSON {name, type, shape}; -1 = any batch size") String observationSpec,
        @Description("Output of the ONNX graph as JSON {name, type, shape}") String actionSpec,
        @Description("OIDC subject of whoever registered it") String registeredBy,
        String registeredByName,
        @Description("Training run reference, e.g. an MLflow run id") String trainingRunRef,
        Instant promotedAt,
        Instant archivedAt,
        Instant createdAt,
        Instant updatedAt,
        @Description("Optimistic-locking version of the row") long version) {

    public static Model of(RegisteredModel m) {
        return new Model(m.modelId, m.stage.key(), m.experimentContractId, m.modelHash, m.normStatsHash, m.datasetHash,
                m.featureOrderHash, m.featureContractVersion, m.observationSpec, m.actionSpec, m.registeredBy,
                m.registeredByName, m.trainingRunRef, m.promotedAt, m.archivedAt, m.createdAt, m.updatedAt, m.version);
    }
}
