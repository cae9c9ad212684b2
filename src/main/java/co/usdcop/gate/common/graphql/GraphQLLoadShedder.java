package co.usdcop.gate.common.graphql;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sheds GraphQL load early, on the event loop and before the body is read: at most
 * {@link RequestLimits#maxInFlight()} requests are admitted at once (running or waiting for a worker thread); the
 * next one is answered at once with HTTP 503, {@code Retry-After: 1} and an error coded {@code TOO_BUSY}, so an
 * overload costs the refused clients nothing and the admitted ones keep their latency. Stamps each admitted request
 * with its arrival time for the queue-wait and deadline checks of {@link RequestLimitsInstrumentation}.
 */
@ApplicationScoped
public class GraphQLLoadShedder {

    /** Routing-context key of the admitted request's arrival ({@link System#nanoTime()}). */
    static final String ARRIVED_NANOS = "usdcop.graphql.arrived";
    private static final String RELEASE = "usdcop.graphql.release";

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql")
    String path;

    @Inject
    RequestLimits limits;

    private final AtomicInteger inFlight = new AtomicInteger();

    void routes(@Observes Router router) {
        router.route(path).order(-110).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        if (ctx.request().headers().contains(HttpHeaders.UPGRADE)) { // subscriptions over WebSocket: long-lived
            ctx.next();
            return;
        }
        if (inFlight.incrementAndGet() > limits.maxInFlight()) {
            inFlight.decrementAndGet();
            JsonObject error = new JsonObject().put("message", "The service is busy; retry in a moment.")
                    .put("extensions", new JsonObject().put("code", RequestRefusedException.TOO_BUSY));
            ctx.response().setStatusCode(503).putHeader("Retry-After", "1")
                    .putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                    .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
            return;
        }
        ctx.put(ARRIVED_NANOS, System.nanoTime());
        // released once: when the GraphQL execution finished (RequestLimitsInstrumentation), or when the exchange
        // ended without one (refused by authentication or the syntax guard, client gone); the end handler alone is
        // not enough, since a handler that installs its own response end/close handler replaces Vert.x Web's hook
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        ctx.put(RELEASE, release);
        ctx.addEndHandler(done -> release.run());
        ctx.next();
    }

    /** Releases the admission of the request of {@code ctx} (idempotent; nothing for a request not admitted here). */
    static void release(RoutingContext ctx) {
        Runnable release = ctx == null ? null : ctx.get(RELEASE);
        if (release != null) {
            release.run();
        }
    }

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }
}
