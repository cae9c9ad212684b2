package co.usdcop.gate.common.graphql;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way a request refused before any operation runs is answered: on {@code /graphql} a GraphQL response
 * {@code {"errors": [{"message", "extensions": {"code"}}]}}, on REST paths {@code {"code", "message"}}; always
 * JSON, never a text page or a stack trace.
 */
public final class TransportErrors {

    private TransportErrors() {
    }

    /** Ends the request with {@code status} and a coded error body suited to the path. */
    public static void end(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        String path = ctx.normalizedPath();
        boolean graphql = path != null && path.startsWith("/graphql");
        JsonObject body = graphql
                ? new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("message", message)
                        .put("extensions", new JsonObject().put("code", code))))
                : new JsonObject().put("code", code).put("message", message);
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", graphql ? "application/graphql-response+json; charset=UTF-8"
                        : "application/json; charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
