package co.usdcop.gate.experiments;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.config.ConfigException;
import co.usdcop.gate.config.DateRanges.DateRange;
import co.usdcop.gate.config.FeatureContract;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.GateConfigLoader;
import co.usdcop.gate.config.YamlNode;
import co.usdcop.gate.promotion.PromotionRules;
import co.usdcop.gate.robustness.RobustnessEvaluation;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Registers experiment YAMLs as immutable contracts. Hashes: {@code config_hash} = SHA-256 of the exact bytes (so
 * a changed comment is a different contract), {@code reward_config_hash} = SHA-256 of the canonical JSON of the
 * {@code reward} section (equal rewards hash equal whatever the formatting). {@code feature_order_hash} is the one
 * the YAML declares under {@code environment.feature_order_hash}, else the service's current one.
 */
@ApplicationScoped
public class ExperimentService {

    /**
     * Each contract's id with its experiment name as a sub-select, for statements of other features that group their
     * rows by experiment family (every version of a name) in one statement (the backtest trials).
     */
    public static final String CONTRACT_NAMES = "select contract_id, name from experiment_contracts";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,80}");

    @Inject
    GateConfig config;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** The outcome of a registration: the contract and whether this call created it. */
    public record Registration(ExperimentContract contract, boolean created) {
    }

    @Transactional
    public Registration register(byte[] yamlBytes, String actor) {
        if (yamlBytes == null || yamlBytes.length == 0) {
            throw new InvalidInputException("The experiment YAML is empty; send the file's text in 'yaml'.");
        }
        String text = decodeUtf8(yamlBytes);
        YamlNode root;
        try {
            root = GateConfigLoader.parse("experiment", text);
        } catch (ConfigException e) {
            throw new InvalidInputException("The experiment YAML is not valid: " + e.getMessage());
        }
        try {
            return register(yamlBytes, text, root, actor);
        } catch (ConfigException e) {
            throw new InvalidInputException("The experiment YAML is incomplete: " + e.getMessage());
        }
    }

    private Registration register(byte[] bytes, String text, YamlNode root, String actor) {
        YamlNode exp = root.req("experiment");
        String name = checkName(exp.req("name").str(), "experiment.name");
        String version = checkName(exp.req("version").str(), "experiment.version");
        String contractId = ExperimentContract.contractId(name, version);
        String configHash = Hashes.sha256Hex(bytes);

        ExperimentContract existing = ExperimentContract.findById(contractId);
        if (existing != null) {
            if (existing.configHash.equals(configHash)) {
                return new Registration(existing, false);
            }
            throw new ConflictException("Experiment " + name + " version " + version + " is already registered as "
                    + contractId + " with config_hash " + existing.configHash + "; the YAML you sent hashes to "
                    + configHash + ". Contracts are immutable: bump experiment.version to register a change.");
        }

        Object reward = root.req("reward").map();
        FeatureContract features = config.featureContract();
        YamlNode env = root.get("environment");
        String featureOrderHash = features.featureOrderHash();
        String featureContractId = features.contractId();
        if (!env.isMissing()) {
            featureOrderHash = env.get("feature_order_hash").str(featureOrderHash);
            featureContractId = env.get("feature_contract_id").str(featureContractId);
            if (!env.get("observation_dim").isMissing()) {
                int dim = env.req("observation_dim").integer(1, 10_000);
                if (dim != features.observationDim()) {
                    throw new InvalidInputException("environment.observation_dim is " + dim + " but the service's"
                            + " feature contract " + features.contractId() + " has " + features.observationDim()
                            + " features; train against the service's feature contract.");
                }
            }
        }
        YamlNode data = root.get("data");
        String trainRange = data.isMissing() ? null : data.get("train_range").str(null);
        var ranges = config.dateRanges();
        if (trainRange == null) {
            throw new InvalidInputException("data.train_range is required: name the range of date_ranges.yaml the"
                    + " model was trained on (one of " + ranges.ranges().keySet() + ").");
        }
        DateRange train = ranges.range(trainRange, clock);
        if (train == null) {
            throw new InvalidInputException("data.train_range '" + trainRange + "' is not a range of date_ranges.yaml;"
                    + " use one of " + ranges.ranges().keySet() + ".");
        }

        JsonNode successCriteria = CanonicalJson.MAPPER.valueToTree(root.value()).path("evaluation")
                .get("success_criteria");
        List<String> looser = new ArrayList<>(PromotionRules.looserThanFloors(successCriteria, config.promotion()));
        looser.addAll(RobustnessEvaluation.looserThanFloors(successCriteria, config.robustness()));
        if (!looser.isEmpty()) {
            throw new InvalidInputException(String.join("; ", looser) + ". The promotion thresholds of"
                    + " config/promotion.yaml are floors: an experiment's success_criteria may only tighten them.");
        }

        ExperimentContract c = new ExperimentContract();
        c.contractId = contractId;
        c.name = name;
        c.version = version;
        c.description = exp.get("description").str(null);
        c.owner = exp.get("owner").str(null);
        c.configHash = configHash;
        c.rewardConfigHash = Hashes.sha256Hex(CanonicalJson.of(reward));
        c.featureOrderHash = featureOrderHash;
        c.featureContractId = featureContractId;
        c.featureContractVersion = features.version();
        c.dateRangesVersion = ranges.version();
        c.trainRange = trainRange;
        c.trainStart = train.start();
        c.trainEnd = train.end();
        c.frozenConfig = CanonicalJson.of(root.value());
        c.yaml = text;
        c.registeredBy = actor;
        em.persist(c);
        em.flush();
        em.refresh(c);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("config_hash", c.configHash);
        details.put("reward_config_hash", c.rewardConfigHash);
        details.put("feature_order_hash", c.featureOrderHash);
        details.put("train_range", trainRange + " " + c.trainStart + ".." + c.trainEnd);
        audit.record(AuditActions.EXPERIMENT_REGISTERED, "experiment_contract", contractId, details);
        return new Registration(c, true);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ExperimentContract require(String contractId) {
        ExperimentContract c = contractId == null ? null : ExperimentContract.findById(contractId.trim());
        if (c == null) {
            throw new NotFoundException("No experiment contract '" + contractId + "'; register the experiment YAML"
                    + " with registerExperiment first (ids look like CTR-EXP-<name>-<version>).");
        }
        return c;
    }

    /** The contract's train_start..train_end; {null, null} when there is no such contract. */
    @Transactional
    public LocalDate[] trainingRange(String contractId) {
        List<?> rows = em.createNativeQuery(
                "select train_start, train_end from experiment_contracts where contract_id = ?1")
                .setParameter(1, contractId).getResultList();
        if (rows.isEmpty()) {
            return new LocalDate[2];
        }
        Object[] r = (Object[]) rows.get(0);
        return new LocalDate[] {toDate(r[0]), toDate(r[1])};
    }

    private static LocalDate toDate(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ExperimentContract> page(Integer limit, Integer offset) {
        return Page.of(ExperimentContract.findAll(Sort.descending("createdAt").and("contractId")), limit, offset);
    }

    /** True when the experiment was frozen against the service's current feature order. */
    public boolean matchesServiceFeatureOrder(ExperimentContract c) {
        return config.featureContract().featureOrderHash().equals(c.featureOrderHash);
    }

    private static String checkName(String value, String field) {
        if (!NAME.matcher(value).matches()) {
            throw new InvalidInputException(field + " '" + value + "' may only use letters, digits, '.', '_' and '-'"
                    + " (1 to 80 characters).");
        }
        return value;
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("The experiment YAML is not valid UTF-8 text.");
        }
    }
}
