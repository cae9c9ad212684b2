package co.usdcop.gate.models.registry;

import co.usdcop.gate.artifacts.Artifact;
import co.usdcop.gate.artifacts.ArtifactInfo;
import co.usdcop.gate.audit.AuditRefusals;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.experiments.Experiment;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.experiments.ExperimentService;
import co.usdcop.gate.security.CurrentUser;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

@GraphQLApi
@GraphQLErrorBoundary
public class ModelGraphQLApi {

    @Inject
    ModelRegistryService registry;

    @Inject
    ExperimentService experiments;

    @Inject
    CurrentUser currentUser;

    @Mutation("registerModel")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Registers a trained policy: the ONNX file is loaded with ONNX Runtime and must take float32"
            + " [batch, 15] and return one action per row; norm_stats.json must cover the 13 market features; the"
            + " experiment's feature order must equal the service's. Researchers and automation.")
    public Model registerModel(@Name("input") @NonNull RegisterModelInput input) {
        return Model.of(registry.register(input, new ModelRegistryService.Actor(currentUser.subject(), currentUser.name())));
    }

    @Mutation("archiveModel")
    @AuditRefusals(action = "model.archive_refused", entity = "model", idArgument = 0)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.ADMIN})
    @Description("Archives a model (its registrant or an admin; not the production model, not with an open"
            + " proposal): it is no longer shadow-scored and cannot be proposed; its history is kept.")
    public Model archiveModel(@Name("modelId") @NonNull String modelId, @Name("reason") @NonNull String reason) {
        return Model.of(registry.archive(modelId, reason, new ModelRegistryService.Actor(currentUser.subject(),
                currentUser.name()), currentUser.roles().contains(Roles.ADMIN)));
    }

    @Query("models")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    @Description("Registered models, newest first; filter by stage, by experiment (contract id or name) and by the"
            + " start of the model id.")
    public Page<Model> models(String stage, String experiment,
            @Description("Only models whose id starts with this text (case-sensitive)") String idPrefix,
            Integer limit, Integer offset) {
        Page<RegisteredModel> page = registry.page(stage, experiment, idPrefix, limit, offset);
        return new Page<>(page.items().stream().map(Model::of).toList(), page.total(), page.offset(), page.limit());
    }

    @Query("model")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    @Description("One registered model by id.")
    public Model model(@Name("id") @NonNull String id) {
        return Model.of(registry.require(id));
    }

    @Description("The experiment contract the model was trained under")
    public Experiment experiment(@Source Model model) {
        ExperimentContract c = experiments.require(model.experimentContractId());
        return Experiment.of(c, experiments.matchesServiceFeatureOrder(c));
    }

    @Description("The ONNX artifact")
    public ArtifactInfo onnxArtifact(@Source Model model) {
        return info(model.modelHash());
    }

    @Description("The norm_stats.json artifact")
    public ArtifactInfo normStatsArtifact(@Source Model model) {
        return info(model.normStatsHash());
    }

    @Description("The dataset artifact, if the dataset was stored in the service (kind dataset); else null")
    public ArtifactInfo datasetArtifact(@Source Model model) {
        return registry.datasetKnown(model.datasetHash()) ? info(model.datasetHash()) : null;
    }

    @Description("True if an artifact of kind dataset with datasetHash is stored in the service")
    public boolean datasetKnown(@Source Model model) {
        return registry.datasetKnown(model.datasetHash());
    }

    @Description("True when datasetHash is a dataset the service exported (exportDataset) with its recorded bar range:"
            + " out-of-sample is then checked against that range too, and only such a model can be proposed for"
            + " production")
    public boolean lineageVerified(@Source Model model) {
        return registry.lineageVerified(registry.require(model.modelId()));
    }

    @Description("The bar range of the exported training dataset; null when lineageVerified is false")
    public String datasetRange(@Source Model model) {
        return registry.datasetRange(model.datasetHash()).map(r -> r.from() + ".." + r.to()).orElse(null);
    }

    @Description("Stage transitions, oldest first")
    public List<StageChange> stageHistory(@Source Model model) {
        return ModelStageChange.ofModel(model.modelId()).stream().map(StageChange::of).toList();
    }

    private static ArtifactInfo info(String sha) {
        Artifact a = Artifact.findBySha(sha);
        return a == null ? null : ArtifactInfo.of(a, false);
    }
}
