package co.usdcop.gate.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Posts due deliveries. Each run leases up to {@code batch-size} due rows (moving their next attempt past the
 * timeout, under {@code for update skip locked}, so two replicas never post the same row at once), posts them outside
 * any transaction, then records each outcome: a 2xx answer is {@code delivered}; anything else waits
 * {@code min(max-backoff, initial-backoff × 2^(attempts − 1))} and tries again, until {@code max-attempts} make it
 * {@code failed}.
 */
@ApplicationScoped
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    private static final int MAX_ERROR_LENGTH = 500;

    @Inject
    NotificationsConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Scheduled(identity = "notification-deliverer", every = "{usdcop.notifications.deliver-every}",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deliverDue() {
        if (config.endpoints().isEmpty()) {
            return;
        }
        for (NotificationDelivery d : lease()) {
            Outcome outcome = post(d);
            QuarkusTransaction.requiringNew().run(() -> record(d.id, outcome));
        }
    }

    private List<NotificationDelivery> lease() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            @SuppressWarnings("unchecked")
            List<NotificationDelivery> due = em.createNativeQuery("select * from notification_deliveries"
                    + " where status = 'pending' and next_attempt_at <= ?1 order by next_attempt_at, audit_seq"
                    + " limit ?2 for update skip locked", NotificationDelivery.class)
                    .setParameter(1, now).setParameter(2, config.batchSize()).getResultList();
            Instant lease = now.plus(config.timeout()).plusSeconds(30);
            due.forEach(d -> d.nextAttemptAt = lease);
            em.flush();
            due.forEach(em::detach);
            return due;
        });
    }

    /** What one attempt got: the HTTP status, or the transport error. */
    record Outcome(Integer status, String error) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private Outcome post(NotificationDelivery d) {
        NotificationsConfig.Endpoint endpoint = config.endpoints().get(d.endpoint);
        if (endpoint == null) {
            return new Outcome(null, "endpoint '" + d.endpoint + "' is no longer configured");
        }
        byte[] body = d.body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint.url()).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(endpoint.secret(), body))
                .header(WebhookSignature.EVENT_HEADER, d.event)
                .header(WebhookSignature.DELIVERY_HEADER, d.id.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new Outcome(response.statusCode(), response.statusCode() / 100 == 2 ? null
                    : "the receiver answered HTTP " + response.statusCode());
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted while posting");
        }
    }

    void record(UUID id, Outcome outcome) {
        NotificationDelivery d = em.find(NotificationDelivery.class, id);
        Instant now = now();
        d.attempts += 1;
        d.lastAttemptAt = now;
        d.lastStatus = outcome.status();
        d.lastError = outcome.error() == null ? null
                : outcome.error().substring(0, Math.min(MAX_ERROR_LENGTH, outcome.error().length()));
        if (outcome.delivered()) {
            d.status = DeliveryStatus.DELIVERED;
            d.deliveredAt = now;
        } else if (d.attempts >= config.maxAttempts()) {
            d.status = DeliveryStatus.FAILED;
            LOG.warnf("Notification %s (%s) to %s failed after %d attempts: %s", d.id, d.event, d.endpoint,
                    d.attempts, d.lastError);
        } else {
            d.nextAttemptAt = now.plus(backoff(d.attempts, config.initialBackoff(), config.maxBackoff()));
        }
    }

    /**
     * Wait before the next attempt after {@code failures} failed ones: initial × 2^(failures − 1), at most max
     * (failures ≥ 1; the doubling stops before it could overflow).
     */
    static Duration backoff(int failures, Duration initial, Duration max) {
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
