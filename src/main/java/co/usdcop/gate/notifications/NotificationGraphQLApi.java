package co.usdcop.gate.notifications;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.QueryFilter;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

/** The delivery history of the webhooks, for the Audit page and operators. */
@GraphQLApi
@GraphQLErrorBoundary
public class NotificationGraphQLApi {

    /** One delivery as the API shows it (the body is the exact JSON that was signed). */
    @Description("A webhook delivery: one event to one endpoint, with its attempts")
    public record Delivery(String id, String endpoint, String event, long auditSeq, String status, int attempts,
            Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus, String lastError, Instant deliveredAt,
            Instant createdAt, @Description("The signed JSON body") String body) {

        static Delivery of(NotificationDelivery d) {
            return new Delivery(d.id.toString(), d.endpoint, d.event, d.auditSeq, d.status.key(), d.attempts,
                    d.nextAttemptAt, d.lastAttemptAt, d.lastStatus, d.lastError, d.deliveredAt, d.createdAt, d.body);
        }
    }

    @Query("notificationDeliveries")
    @RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
    @Description("Webhook deliveries, newest first; filter by status (pending, delivered, failed) and event.")
    public Page<Delivery> notificationDeliveries(String status, String event, Integer limit, Integer offset) {
        QueryFilter filter = new QueryFilter();
        if (status != null && !status.isBlank()) {
            filter.and("status = :status", "status", DeliveryStatus.parse(status));
        }
        if (event != null && !event.isBlank()) {
            filter.and("event = :event", "event", event.trim().toLowerCase());
        }
        Page<NotificationDelivery> page = Page.of(NotificationDelivery.find(filter.query(),
                Sort.descending("createdAt", "auditSeq"), filter.parameters()), limit, offset);
        return new Page<>(page.items().stream().map(Delivery::of).toList(), page.total(), page.offset(), page.limit());
    }
}
