package co.usdcop.gate.models.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code model_registry}. Hashes never change; stage and its timestamps do (optimistic locking). */
@Entity
@Table(name = "model_registry")
public class RegisteredModel extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;
    @Column(name = "experiment_contract_id")
    public String experimentContractId;
    @Column(name = "model_hash")
    public String modelHash;
    @Column(name = "norm_stats_hash")
    public String normStatsHash;
    @Column(name = "dataset_hash")
    public String datasetHash;
    @Column(name = "feature_order_hash")
    public String featureOrderHash;
    @Column(name = "feature_contract_version")
    public String featureContractVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "observation_spec")
    public String observationSpec;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "action_spec")
    public String actionSpec;
    @Convert(converter = ModelStage.Column.class)
    public ModelStage stage;
    @Column(name = "registered_by")
    public String registeredBy;
    @Column(name = "registered_by_name")
    public String registeredByName;
    @Column(name = "training_run_ref")
    public String trainingRunRef;
    @Column(name = "promoted_at")
    public Instant promotedAt;
    @Column(name = "archived_at")
    public Instant archivedAt;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public ModelStage stage() {
        return stage;
    }
}
