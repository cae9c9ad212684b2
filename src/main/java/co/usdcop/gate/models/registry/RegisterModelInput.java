package co.usdcop.gate.models.registry;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** Input of {@code registerModel}. */
@Input("RegisterModelInput")
@Description("A trained policy to register: its artifacts (uploaded first with PUT /api/artifacts) and its origin")
public record RegisterModelInput(
        @Description("Model id ([A-Za-z0-9._-], 3 to 100 characters); generated as <experiment>-<UTC yyyyMMddTHHmmss> if absent") String modelId,
        @Description("Experiment contract id, CTR-EXP-<name>-<version>; or give experimentYaml instead") String experimentContractId,
        @NonNull @Description("SHA-256 of the uploaded ONNX policy") String onnxSha256,
        @NonNull @Description("SHA-256 of the uploaded norm_stats.json") String normStatsSha256,
        @NonNull @Description("SHA-256 of the training dataset (e.g. of its manifest)") String datasetHash,
        @Description("Reference of the training run, e.g. an MLflow run id") String trainingRunRef,
        @Description("The experiment YAML itself, instead of experimentContractId: registered (idempotently) in the same transaction") String experimentYaml) {
}
