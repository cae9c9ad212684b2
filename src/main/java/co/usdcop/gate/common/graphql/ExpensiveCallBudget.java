package co.usdcop.gate.common.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-user token bucket of expensive GraphQL work: a user holds at most
 * {@link RequestLimits#expensivePerUserPerMinute()} units, refilled continuously at that many per minute; a request
 * whose expensive cost exceeds what is left is refused and charges nothing. In memory, per instance.
 */
@ApplicationScoped
public class ExpensiveCallBudget {

    private static final double NANOS_PER_MINUTE = 60e9;

    @Inject
    RequestLimits limits;

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    /** Takes {@code cost} units from {@code user}'s bucket; false (and nothing taken) when not enough are left. */
    public boolean tryCharge(String user, long cost) {
        long now = System.nanoTime();
        int capacity = limits.expensivePerUserPerMinute();
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * capacity / NANOS_PER_MINUTE);
            bucket.refilledAt = now;
            if (cost > bucket.tokens) {
                return false;
            }
            bucket.tokens -= cost;
            return true;
        }
    }
}
