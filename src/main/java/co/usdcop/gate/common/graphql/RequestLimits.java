package co.usdcop.gate.common.graphql;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * What one GraphQL request may cost the service, and how many may run at once (application.properties,
 * {@code usdcop.graphql.limits.*}). See {@link RequestLimitsInstrumentation} for how the cost is counted.
 */
@ConfigMapping(prefix = "usdcop.graphql.limits")
public interface RequestLimits {

    /** Largest cost one request may have; above it the request is refused with {@code TOO_EXPENSIVE}. */
    @WithDefault("10000")
    int maxCost();

    /** Cost of one occurrence of a field by name, for fields dearer than 1 (the default of every other field). */
    Map<String, Integer> fieldCost();

    /** Cost, per user and per minute, of expensive fields (those in field-cost) before {@code RATE_LIMITED}. */
    @WithDefault("3000")
    int expensivePerUserPerMinute();

    /** GraphQL requests admitted at once (running or waiting for a worker); beyond it HTTP 503 {@code TOO_BUSY}. */
    @WithDefault("64")
    int maxInFlight();

    /** A request that waited longer than this for a worker is refused with {@code TOO_BUSY} without running. */
    @WithDefault("1s")
    Duration maxQueueWait();

    /** Time a request may take from its arrival; fields fetched later fail with {@code DEADLINE_EXCEEDED}. */
    @WithDefault("10s")
    Duration deadline();

    /** Largest answer, estimated from the result before it is serialised; above it {@code RESPONSE_TOO_LARGE}. */
    @WithDefault("8388608")
    long maxResponseBytes();
}
