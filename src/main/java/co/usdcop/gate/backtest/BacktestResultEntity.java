package co.usdcop.gate.backtest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.FetchType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code backtest_results} (see V30); JSON columns hold canonical JSON text. Written by {@link BacktestStore}. */
@Entity
@Table(name = "backtest_results")
public class BacktestResultEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "model_id")
    public String modelId;
    @Column(name = "period_start")
    public LocalDate periodStart;
    @Column(name = "period_end")
    public LocalDate periodEnd;
    @Column(name = "period_type")
    public String periodType;
    @Column(name = "is_out_of_sample")
    public boolean outOfSample;
    @Column(name = "train_start")
    public LocalDate trainStart;
    @Column(name = "train_end")
    public LocalDate trainEnd;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "cost_model")
    public String costModel;
    @Column(name = "initial_capital")
    public double initialCapital;
    /** transaction_cost_bps × this was charged (cost_model holds the effective cost); 1 = the cost in force (V111). */
    @Column(name = "cost_multiplier")
    public double costMultiplier = 1.0;
    @JdbcTypeCode(SqlTypes.JSON)
    public String thresholds;
    @JdbcTypeCode(SqlTypes.JSON)
    public String metrics;
    // the curves are large (a per-bar curve is megabytes): lazy, so loading a row never reads them; BacktestStore
    // reads them by a projection only when a client selects them
    @Basic(fetch = FetchType.LAZY)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "equity_curve")
    public String equityCurve;
    @Basic(fetch = FetchType.LAZY)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "daily_returns")
    public String dailyReturns;
    @Column(name = "bar_count")
    public Integer barCount;
    @Column(name = "trade_count")
    public Integer tradeCount;
    @Column(name = "data_snapshot_hash")
    public String dataSnapshotHash;
    @Column(name = "model_hash")
    public String modelHash;
    @Column(name = "norm_stats_hash")
    public String normStatsHash;
    @Column(name = "engine_version")
    public String engineVersion;
    @Column(name = "run_source")
    public String runSource;
    public boolean verified;
    @JdbcTypeCode(SqlTypes.JSON)
    public String differences;
    public String signature;
    /** {@link BacktestSeal}: covers the content signature and every other column a decision reads. */
    @Column(name = "record_signature")
    public String recordSignature;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "selection_stats")
    public String selectionStats;
    @Column(name = "sealed_signature")
    public String sealedSignature;
    @Column(name = "submission_hash")
    public String submissionHash;
    @Convert(converter = BacktestStatus.Column.class)
    public BacktestStatus status;
    public String error;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "run_at")
    public Instant runAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Version
    public long version;
}
