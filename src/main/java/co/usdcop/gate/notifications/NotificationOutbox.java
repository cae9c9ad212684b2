package co.usdcop.gate.notifications;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.config.GateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Queues the notifications of an audit row, in the caller's transaction: one {@code pending} delivery per endpoint
 * subscribed to the row's event. Nothing is sent here; {@link WebhookDeliverer} does that after the commit.
 */
@ApplicationScoped
public class NotificationOutbox {

    @Inject
    NotificationsConfig notifications;

    @Inject
    GateConfig config;

    @Inject
    EntityManager em;

    /** Fails start-up on an endpoint with an unknown event or a short secret, instead of at the first event. */
    void validate(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        notifications.endpoints().forEach((name, endpoint) -> {
            NotificationEvent.parse(name, endpoint.events());
            if (endpoint.secret() == null || endpoint.secret().length() < 16) {
                throw new IllegalStateException("usdcop.notifications.endpoints." + name + ".secret must have at least"
                        + " 16 characters");
            }
        });
    }

    /** Queues the row's event for every subscribed endpoint; a row that is no notified event queues nothing. */
    public void enqueue(long auditSeq, Instant at, String actor, String action, String entity, String entityId,
            Map<String, ?> details) {
        if (notifications.endpoints().isEmpty()) {
            return;
        }
        Map<String, ?> d = details == null ? Map.of() : details;
        NotificationEvent event = NotificationEvent.of(action, d, config).orElse(null);
        if (event == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.key());
        body.put("auditSeq", auditSeq);
        body.put("at", at.toString());
        body.put("actor", actor);
        body.put("action", action);
        body.put("entity", entity);
        body.put("entityId", entityId);
        body.put("details", d);
        notifications.endpoints().forEach((name, endpoint) -> {
            Set<NotificationEvent> wanted = NotificationEvent.parse(name, endpoint.events());
            if (!wanted.contains(event)) {
                return;
            }
            NotificationDelivery n = new NotificationDelivery();
            n.id = UUID.randomUUID();
            Map<String, Object> withId = new LinkedHashMap<>(body);
            withId.put("deliveryId", n.id.toString());
            n.endpoint = name;
            n.event = event.key();
            n.auditSeq = auditSeq;
            n.body = CanonicalJson.of(withId);
            n.status = DeliveryStatus.PENDING;
            n.nextAttemptAt = at;
            n.createdAt = at;
            em.persist(n);
        });
    }
}
