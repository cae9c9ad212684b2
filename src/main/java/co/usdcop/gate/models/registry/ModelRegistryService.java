package co.usdcop.gate.models.registry;

import co.usdcop.gate.artifacts.Artifact;
import co.usdcop.gate.artifacts.ArtifactKind;
import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.QueryFilter;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.common.error.PermissionDeniedException;
import co.usdcop.gate.config.FeatureContract;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.experiments.ExperimentService;
import co.usdcop.gate.features.store.DatasetExporter;
import co.usdcop.gate.models.InvalidPolicyException;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.PolicySpec;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registers models and moves them between stages. Registration checks everything before writing anything: the id,
 * the experiment contract and its feature order, the ONNX file (loaded with ONNX Runtime and checked against the
 * feature contract), the norm stats; then writes the model, its first stage-history row and the audit record in
 * one transaction.
 */
@ApplicationScoped
public class ModelRegistryService {

    /**
     * The ids of the models in stage staging as a sub-select, for statements of other features that read them together
     * with their own tables in one round trip (the inference tick, shadow agreement).
     */
    public static final String STAGING_MODEL_IDS = "select model_id from model_registry where stage = 'staging'";

    /**
     * Each model's id with its experiment contract id as a sub-select, for statements of other features that set
     * their rows against the model's experiment in one statement (the backtest trials).
     */
    public static final String MODEL_CONTRACTS = "select model_id, experiment_contract_id from model_registry";

    static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]{3,100}");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    @Inject
    GateConfig config;

    @Inject
    ExperimentService experiments;

    @Inject
    ArtifactService artifacts;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    DatasetExporter datasets;

    @Inject
    Instance<ArchiveCheck> archiveChecks;

    @Inject
    Clock clock;

    /** Who registers: OIDC subject and display name (or {@code system}). */
    public record Actor(String subject, String name) {
    }

    @Transactional
    public RegisteredModel register(RegisterModelInput in, Actor actor) {
        if (in == null) {
            throw new InvalidInputException("registerModel needs an input.");
        }
        ExperimentContract experiment = experiment(in, actor);
        FeatureContract features = config.featureContract();
        if (!features.featureOrderHash().equals(experiment.featureOrderHash)) {
            throw new InvalidInputException("Experiment " + experiment.contractId + " was trained on feature order "
                    + experiment.featureOrderHash + " but the service's feature contract " + features.contractId()
                    + " v" + features.version() + " has feature_order_hash " + features.featureOrderHash()
                    + ". Retrain on the service's feature order (feature_contract.yaml).");
        }
        String modelId = modelId(in.modelId(), experiment);
        if (RegisteredModel.findById(modelId) != null) {
            throw new ConflictException("Model id '" + modelId + "' is already registered; choose another id"
                    + " (registered models are never replaced).");
        }
        String datasetHash = ArtifactService.normalise(in.datasetHash(), "datasetHash");
        Artifact onnx = artifacts.require(in.onnxSha256(), "onnxSha256");
        Artifact norm = artifacts.require(in.normStatsSha256(), "normStatsSha256");

        PolicySpec spec;
        try (OnnxPolicy policy = OnnxPolicy.load(artifacts.read(onnx), onnx.sha256, features.observationDim())) {
            spec = policy.spec();
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(e.problem(), "ONNX artifact " + onnx.sha256 + " refused: " + e.getMessage());
        }
        NormStats stats = parseNormStats(norm, features);

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RegisteredModel m = new RegisteredModel();
        m.modelId = modelId;
        m.experimentContractId = experiment.contractId;
        m.modelHash = onnx.sha256;
        m.normStatsHash = norm.sha256;
        m.datasetHash = datasetHash;
        m.featureOrderHash = features.featureOrderHash();
        m.featureContractVersion = features.version();
        m.observationSpec = CanonicalJson.of(spec.observation());
        m.actionSpec = CanonicalJson.of(spec.action());
        m.stage = ModelStage.REGISTERED;
        m.registeredBy = actor.subject();
        m.registeredByName = actor.name();
        m.trainingRunRef = blankToNull(in.trainingRunRef());
        m.updatedAt = now;
        em.persist(m);
        appendHistory(modelId, null, ModelStage.REGISTERED, now, actor.subject(), "registered");
        em.flush();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("experiment_contract_id", m.experimentContractId);
        details.put("model_hash", m.modelHash);
        details.put("norm_stats_hash", m.normStatsHash);
        details.put("dataset_hash", m.datasetHash);
        details.put("feature_order_hash", m.featureOrderHash);
        details.put("observation_spec", spec.toString());
        details.put("norm_stats_features", stats.names().size());
        details.put("training_run_ref", m.trainingRunRef);
        audit.record(AuditActions.MODEL_REGISTERED, "model", modelId, details);
        em.refresh(m);
        return m;
    }

    /**
     * Moves a model to another stage inside the caller's transaction and appends the history row; later features
     * (promotion, rollback) call this. {@code expectedFrom} null means any current stage.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RegisteredModel changeStage(String modelId, ModelStage expectedFrom, ModelStage to, String actor, String reason) {
        RegisteredModel m = require(modelId);
        ModelStage from = m.stage();
        if (expectedFrom != null && from != expectedFrom) {
            throw new ConflictException("Model " + modelId + " is " + from.key() + ", not " + expectedFrom.key()
                    + "; reload it and try again.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        m.stage = to;
        m.updatedAt = now;
        if (to == ModelStage.PRODUCTION) {
            m.promotedAt = now;
        }
        if (to == ModelStage.ARCHIVED) {
            m.archivedAt = now;
        }
        appendHistory(modelId, from, to, now, actor, reason);
        em.flush();
        return m;
    }

    /**
     * Archives a model: its registrant or an admin, with a reason; not the production model (roll back or promote
     * another first) and not while a proposal of it is open (withdraw it first). Takes the production-contract lock
     * (so a promotion of the same model finishes first) and the audit lock up front, in the lock order.
     */
    @Transactional
    public RegisteredModel archive(String modelId, String reason, Actor actor, boolean admin) {
        String why = reason == null ? "" : reason.trim();
        int min = config.promotion().minReasonLength();
        if (why.length() < min) {
            throw new InvalidInputException("Archiving needs a reason of at least " + min + " characters (got "
                    + why.length() + ").");
        }
        RegisteredModel m = require(modelId);
        if (!admin && !actor.subject().equals(m.registeredBy)) {
            throw new PermissionDeniedException("Only the model's registrant (" + m.registeredByName + ") or an admin"
                    + " may archive model " + m.modelId + ".");
        }
        AdvisoryLock.acquire(em, AdvisoryLock.PRODUCTION_CONTRACT, AdvisoryLock.AUDIT_APPEND);
        em.refresh(m);
        ModelStage from = m.stage();
        if (from == ModelStage.PRODUCTION) {
            throw new ConflictException("Model " + m.modelId + " is in production; roll back or promote another model"
                    + " before archiving it.");
        }
        if (from == ModelStage.ARCHIVED) {
            throw new ConflictException("Model " + m.modelId + " is already archived.");
        }
        for (ArchiveCheck check : archiveChecks) {
            check.beforeArchive(m.modelId);
        }
        changeStage(m.modelId, from, ModelStage.ARCHIVED, actor.subject(), "archived: " + why);
        audit.record("model.archived", "model", m.modelId, Map.of("fromStage", from.key(), "reason", why));
        return m;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RegisteredModel require(String modelId) {
        RegisteredModel m = modelId == null ? null : RegisteredModel.findById(modelId.trim());
        if (m == null) {
            throw new NotFoundException("No registered model '" + modelId + "'.");
        }
        return m;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RegisteredModel> page(String stage, String experiment, String idPrefix, Integer limit,
            Integer offset) {
        QueryFilter filter = new QueryFilter();
        if (idPrefix != null && !idPrefix.isBlank()) {
            // LIKE with its wildcards escaped, so the prefix is literal and the text_pattern_ops index (V90) applies
            String literal = idPrefix.trim().replace("!", "!!").replace("%", "!%").replace("_", "!_");
            filter.and("modelId like :prefix escape '!'", "prefix", literal + "%");
        }
        if (stage != null && !stage.isBlank()) {
            filter.and("stage = :stage", "stage", ModelStage.parse(stage));
        }
        if (experiment != null && !experiment.isBlank()) {
            // the contract id, or the experiment's name (all versions)
            filter.and("(experimentContractId = :exp or experimentContractId in"
                    + " (select e.contractId from ExperimentContract e where e.name = :exp))", "exp", experiment.trim());
        }
        return Page.of(RegisteredModel.find(filter.query(), Sort.descending("createdAt").and("modelId"),
                filter.parameters()), limit, offset);
    }

    /** The bar range (UTC dates, inclusive) of a dataset the service exported itself ({@code exportDataset}). */
    public record DatasetRange(LocalDate from, LocalDate to) {
    }

    /**
     * The range of the dataset a model was trained on, when its hash is an {@code exportDataset} result the service
     * recorded (with its bar range); empty for a hash the service does not know.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DatasetRange> datasetRange(String datasetHash) {
        return datasets.exportedDataset(datasetHash).map(r -> new DatasetRange(r.from(), r.to()));
    }

    /** The ids of the models in stage staging, in id order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> stagingModelIds() {
        return em.createNativeQuery(STAGING_MODEL_IDS + " order by model_id", String.class).getResultList();
    }

    /**
     * Whether the model's lineage is verified: its dataset hash is one the service exported and recorded with its bar
     * range. A model without it may be backtested and staged, but not proposed for production.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean lineageVerified(RegisteredModel model) {
        return datasetRange(model.datasetHash).isPresent();
    }

    /** True when an artifact of kind {@code dataset} with this hash was stored (e.g. by the dataset export). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean datasetKnown(String datasetHash) {
        Artifact a = artifacts.find(datasetHash);
        return a != null && ArtifactKind.DATASET.key().equals(a.kind);
    }

    public NormStats parseNormStats(Artifact norm, FeatureContract features) {
        try {
            return NormStatsParser.parse(artifacts.read(norm), features.marketFeatureNames());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("Norm stats artifact " + norm.sha256 + " refused: " + e.getMessage());
        }
    }

    /** The contract named by id, or registered from the YAML given with the model; exactly one of the two. */
    private ExperimentContract experiment(RegisterModelInput in, Actor actor) {
        boolean byId = in.experimentContractId() != null && !in.experimentContractId().isBlank();
        boolean byYaml = in.experimentYaml() != null && !in.experimentYaml().isBlank();
        if (byId == byYaml) {
            throw new InvalidInputException("Give exactly one of experimentContractId (a registered contract) or"
                    + " experimentYaml (the experiment file itself).");
        }
        if (byId) {
            return experiments.require(in.experimentContractId());
        }
        return experiments.register(in.experimentYaml().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                actor.subject()).contract();
    }

    private String modelId(String requested, ExperimentContract experiment) {
        String id = blankToNull(requested);
        if (id == null) {
            id = experiment.name + "-" + ID_TIME.format(clock.instant());
        }
        if (!MODEL_ID.matcher(id).matches()) {
            throw new InvalidInputException("modelId '" + id + "' is not valid: use 3 to 100 characters among"
                    + " letters, digits, '.', '_' and '-'.");
        }
        return id;
    }

    private void appendHistory(String modelId, ModelStage from, ModelStage to, Instant at, String actor, String reason) {
        ModelStageChange h = new ModelStageChange();
        h.modelId = modelId;
        h.fromStage = from;
        h.toStage = to;
        h.at = at;
        h.byActor = actor;
        h.reason = reason;
        em.persist(h);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
