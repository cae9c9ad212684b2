package co.usdcop.gate.promotion;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code votes}: the automatic first vote or a human vote; append-only (the database refuses changes). */
@Entity
@Table(name = "votes")
public class Vote extends PanacheEntity {

    public static final String AUTO = "AUTO";
    public static final String HUMAN = "HUMAN";

    @Column(name = "proposal_id")
    public UUID proposalId;
    public String kind;
    @Column(name = "voter_subject")
    public String voterSubject;
    @Column(name = "voter_name")
    public String voterName;
    @Column(name = "voter_email")
    public String voterEmail;
    public String decision;
    @Column(name = "backtest_reviewed")
    public boolean backtestReviewed;
    @Column(name = "metrics_acceptable")
    public boolean metricsAcceptable;
    @Column(name = "team_notified")
    public boolean teamNotified;
    public String comment;
    public boolean override;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The proposal's round the vote belongs to (see {@link PromotionProposal#round}). */
    public int round = 1;
    /** The evidence the vote was cast on: its hash and the evaluation (criteria, comparison, contract). */
    @Column(name = "evidence_hash")
    public String evidenceHash;
    @JdbcTypeCode(SqlTypes.JSON)
    public String evidence;

    public static List<Vote> ofProposal(UUID proposalId) {
        return list("proposalId", Sort.ascending("createdAt").and("id"), proposalId);
    }
}
