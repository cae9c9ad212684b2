package co.usdcop.gate.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of the append-only {@code approval_audit_log}. Never updated or deleted (the database refuses it);
 * written only through {@link AuditLog}.
 */
@Entity
@Table(name = "approval_audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public long seq;
    public Instant at;
    public String actor;
    @Column(name = "actor_name")
    public String actorName;
    public String action;
    public String entity;
    @Column(name = "entity_id")
    public String entityId;
    @JdbcTypeCode(SqlTypes.JSON)
    public String details;
    @Column(name = "client_ip")
    public String clientIp;
    @Column(name = "user_agent")
    public String userAgent;
    @Column(name = "prev_hash")
    public String prevHash;
    public String hash;
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
    /** The action's name when the row was written, if it was renamed since (V77); the hash covers this name. */
    @Column(name = "written_action", insertable = false, updatable = false)
    public String writtenAction;
    /** Id of the HMAC key that hashed the row; null for rows written before the chain was keyed. */
    @Column(name = "key_id", updatable = false)
    public String keyId;
}
