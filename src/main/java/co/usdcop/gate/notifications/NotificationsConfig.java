package co.usdcop.gate.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Webhook endpoints and delivery policy ({@code usdcop.notifications.*}). */
@ConfigMapping(prefix = "usdcop.notifications")
public interface NotificationsConfig {

    /** Receivers by name; none configured means no notification is queued. */
    Map<String, Endpoint> endpoints();

    /** Attempts per delivery before it is marked failed. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed attempt; doubled after each further failure. */
    @WithDefault("5s")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("30m")
    Duration maxBackoff();

    /** Connect-and-answer timeout of one attempt. */
    @WithDefault("10s")
    Duration timeout();

    /** How often the deliverer looks for due deliveries (read by its {@code @Scheduled}). */
    @WithDefault("5s")
    Duration deliverEvery();

    /** Deliveries posted per run of the deliverer at most. */
    @WithDefault("50")
    int batchSize();

    /** One receiver. */
    interface Endpoint {

        /** Where the JSON body is POSTed. */
        URI url();

        /** Shared secret keying the HMAC-SHA256 signature (at least 16 characters; keep it out of the repository). */
        String secret();

        /** Events sent to this endpoint (names of {@link NotificationEvent}, lower case); all when absent. */
        @WithDefault("all")
        List<String> events();
    }
}
