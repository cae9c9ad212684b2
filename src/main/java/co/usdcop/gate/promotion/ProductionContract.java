package co.usdcop.gate.promotion;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code production_contracts}: one activation of a model in production with every hash that pins it.
 * Only deactivation changes a row; a rollback activates a new row copying the contract it re-activates.
 */
@Entity
@Table(name = "production_contracts")
public class ProductionContract extends PanacheEntity {

    @Column(name = "model_id")
    public String modelId;
    @Column(name = "model_hash")
    public String modelHash;
    @Column(name = "norm_stats_hash")
    public String normStatsHash;
    @Column(name = "feature_order_hash")
    public String featureOrderHash;
    @Column(name = "config_hash")
    public String configHash;
    @Column(name = "dataset_hash")
    public String datasetHash;
    @Column(name = "experiment_contract_id")
    public String experimentContractId;
    @Column(name = "proposal_id")
    public UUID proposalId;
    public boolean override;
    /** JSON array of {subject, name} of the human approvers. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "approved_by")
    public String approvedBy;
    @Column(name = "approved_at")
    public Instant approvedAt;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "activated_by")
    public String activatedBy;
    @Column(name = "activation_reason")
    public String activationReason;
    @Column(name = "deactivated_at")
    public Instant deactivatedAt;
    @Column(name = "deactivated_by")
    public String deactivatedBy;
    @Column(name = "deactivation_reason")
    public String deactivationReason;
    @Column(name = "is_active")
    public boolean active;
    @Column(name = "previous_contract_id")
    public Long previousContractId;
    @Column(name = "reactivates_contract_id")
    public Long reactivatesContractId;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Version
    public long version;

    public static ProductionContract active() {
        return find("active", true).firstResult();
    }
}
