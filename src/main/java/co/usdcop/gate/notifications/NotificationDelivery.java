package co.usdcop.gate.notifications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code notification_deliveries}: one event for one endpoint, with its attempts. */
@Entity
@Table(name = "notification_deliveries")
public class NotificationDelivery extends PanacheEntityBase {

    @Id
    public UUID id;
    public String endpoint;
    public String event;
    @Column(name = "audit_seq")
    public long auditSeq;
    public String body;
    @Convert(converter = DeliveryStatus.Column.class)
    public DeliveryStatus status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;
    @Column(name = "last_status")
    public Integer lastStatus;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "created_at")
    public Instant createdAt;
}
