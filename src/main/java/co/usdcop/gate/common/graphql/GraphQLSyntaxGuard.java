package co.usdcop.gate.common.graphql;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks every POST to {@code /graphql} before SmallRye sees it, so that whatever a client can get wrong in the
 * transport answers with a coded error: a body over {@value #MAX_BODY_BYTES} bytes (HTTP 413), a content type
 * other than {@code application/json} (HTTP 400; this also keeps form and {@code text/plain} posts, which a
 * browser sends cross-origin without a preflight, away from cookie sessions), a body that is not a JSON object
 * or whose {@code query}, {@code variables}, {@code operationName} or {@code extensions} have the wrong type
 * (HTTP 400). A malformed document or one over the token limit gets a {@code VALIDATION} error with the parser's
 * explanation (line, column, offending token) in a normal GraphQL response. Well-formed requests pass untouched.
 */
@ApplicationScoped
public class GraphQLSyntaxGuard {

    /** Largest GraphQL request body accepted, in bytes. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql")
    String path;

    @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens", defaultValue = "15000")
    int maxTokens;

    void routes(@Observes Router router) {
        router.post(path).order(-100).handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .failureHandler(GraphQLSyntaxGuard::bodyFailure);
        router.post(path).order(-99).handler(this::check);
    }

    private static void bodyFailure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            TransportErrors.end(ctx, 413, "VALIDATION", "The request body is larger than " + MAX_BODY_BYTES
                    + " bytes (1 MiB); send a smaller document or pass large values as variables of several requests.");
        } else {
            ctx.next();
        }
    }

    private void check(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            badRequest(ctx, "POST /graphql takes a JSON body with Content-Type: application/json (got "
                    + (contentType == null ? "no content type" : "'" + contentType + "'") + ").");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null) {
            badRequest(ctx, "The request body must be a JSON object like {\"query\": \"...\", \"variables\": {...}}.");
            return;
        }
        String shape = shapeProblem(body);
        if (shape != null) {
            badRequest(ctx, shape);
            return;
        }
        String query = body.getString("query");
        if (query == null || query.isBlank()) {
            badRequest(ctx, DocumentSyntax.problem(query, maxTokens));
            return;
        }
        String problem = DocumentSyntax.problem(query, maxTokens);
        if (problem != null) {
            reject(ctx, problem, "InvalidSyntax");
            return;
        }
        ctx.next();
    }

    /** The GraphQL-over-HTTP request shape: query a string, variables and extensions objects, operationName a string. */
    private static String shapeProblem(JsonObject body) {
        if (body.containsKey("query") && body.getValue("query") != null && !(body.getValue("query") instanceof String)) {
            return "'query' must be a string holding the GraphQL document.";
        }
        for (String objectField : new String[] {"variables", "extensions"}) {
            Object value = body.getValue(objectField);
            if (value != null && !(value instanceof JsonObject)) {
                return "'" + objectField + "' must be a JSON object like {\"name\": value} (or left out).";
            }
        }
        Object operationName = body.getValue("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return "'operationName' must be a string naming an operation of the document (or left out).";
        }
        return null;
    }

    private static void badRequest(RoutingContext ctx, String message) {
        TransportErrors.end(ctx, 400, "VALIDATION", message);
    }

    private static void reject(RoutingContext ctx, String message, String classification) {
        JsonObject error = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", "VALIDATION").put("classification", classification));
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
