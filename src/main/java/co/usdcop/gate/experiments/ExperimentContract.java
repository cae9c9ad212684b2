package co.usdcop.gate.experiments;

import co.usdcop.gate.common.CanonicalJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code experiment_contracts}; immutable once written (the database refuses updates). */
@Entity
@Table(name = "experiment_contracts")
public class ExperimentContract extends PanacheEntityBase {

    @Id
    @Column(name = "contract_id")
    public String contractId;
    public String name;
    public String version;
    public String description;
    public String owner;
    @Column(name = "config_hash")
    public String configHash;
    @Column(name = "reward_config_hash")
    public String rewardConfigHash;
    @Column(name = "feature_order_hash")
    public String featureOrderHash;
    @Column(name = "feature_contract_id")
    public String featureContractId;
    @Column(name = "feature_contract_version")
    public String featureContractVersion;
    @Column(name = "date_ranges_version")
    public String dateRangesVersion;
    @Column(name = "train_range")
    public String trainRange;
    @Column(name = "train_start")
    public LocalDate trainStart;
    @Column(name = "train_end")
    public LocalDate trainEnd;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "frozen_config")
    public String frozenConfig;
    public String yaml;
    @Column(name = "registered_by")
    public String registeredBy;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static String contractId(String name, String version) {
        return "CTR-EXP-" + name + "-" + version;
    }

    /**
     * {@code evaluation.success_criteria} of the frozen config, or null when the contract has none: the thresholds the
     * experiment may tighten (never loosen) over config/promotion.yaml.
     */
    public JsonNode successCriteria() {
        if (frozenConfig == null) {
            return null;
        }
        try {
            JsonNode n = CanonicalJson.MAPPER.readTree(frozenConfig).path("evaluation").path("success_criteria");
            return n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frozen config of " + contractId + " is not JSON", e);
        }
    }
}
