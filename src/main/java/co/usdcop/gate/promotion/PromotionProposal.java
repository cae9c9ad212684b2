package co.usdcop.gate.promotion;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code promotion_proposals}: the request, its automatic evaluation and its outcome (optimistic locking). */
@Entity
@Table(name = "promotion_proposals")
public class PromotionProposal extends PanacheEntityBase {

    public static final String PENDING = "PENDING_APPROVAL";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String EXPIRED = "EXPIRED";
    public static final String WITHDRAWN = "WITHDRAWN";

    @Id
    public UUID id;
    @Column(name = "model_id")
    public String modelId;
    @Column(name = "target_stage")
    public String targetStage;
    @Column(name = "backtest_id")
    public UUID backtestId;
    @Column(name = "baseline_model_id")
    public String baselineModelId;
    @Column(name = "baseline_backtest_id")
    public UUID baselineBacktestId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "vs_baseline")
    public String vsBaseline;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "criteria_results")
    public String criteriaResults;
    @Column(name = "criteria_source")
    public String criteriaSource;
    @Column(name = "auto_passed")
    public boolean autoPassed;
    public String recommendation;
    public double confidence;
    @Column(name = "recommendation_reason")
    public String recommendationReason;
    public String reason;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_by_name")
    public String requestedByName;
    public String status;
    @Column(name = "final_decision")
    public String finalDecision;
    public boolean override;
    @Column(name = "override_reason")
    public String overrideReason;
    @Column(name = "override_by")
    public String overrideBy;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** SHA-256 of the latest automatic evaluation ({@link Evaluation#hash}); a vote may name it. */
    @Column(name = "evidence_hash")
    public String evidenceHash;
    /** The production contract the latest evaluation compared with; null when none was active. */
    @Column(name = "evaluated_contract_id")
    public Long evaluatedContractId;
    @Column(name = "evaluated_at")
    public Instant evaluatedAt;
    /** 1, plus one per backtest attached after a hold; each round has its automatic vote. */
    public int round = 1;
    /** Set while the proposal is on hold (a REQUEST_MORE_TESTS vote of this round). */
    @Column(name = "held_by")
    public String heldBy;
    @Column(name = "held_by_name")
    public String heldByName;
    @Column(name = "held_at")
    public Instant heldAt;
    @Column(name = "withdrawn_reason")
    public String withdrawnReason;
    @Version
    public long version;

    public boolean isHeld() {
        return heldBy != null;
    }

    public boolean isPending() {
        return PENDING.equals(status);
    }
}
