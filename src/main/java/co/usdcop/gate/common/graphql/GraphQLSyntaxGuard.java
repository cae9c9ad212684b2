package co.usdcop.gate.common.graphql;

import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Parses POSTed GraphQL documents before SmallRye does, so that a malformed document or one over the token limit
 * gets a {@code VALIDATION} error with the parser's explanation (line, column, offending token) instead of
 * SmallRye's code-less "Unparseable input document". Well-formed documents pass through untouched.
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
        router.post(path).order(-100).handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.post(path).order(-99).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            ctx.next();
            return;
        }
        String query;
        try {
            JsonObject body = ctx.body().asJsonObject();
            query = body == null ? null : body.getString("query");
        } catch (DecodeException | ClassCastException e) {
            reject(ctx, "The request body must be JSON like {\"query\": \"...\", \"variables\": {...}}.", "InvalidSyntax");
            return;
        }
        if (query == null || query.isBlank()) {
            reject(ctx, "The request has no 'query': send {\"query\": \"{ me { name } }\"}.", "InvalidSyntax");
            return;
        }
        try {
            ParserOptions options = ParserOptions.getDefaultParserOptions().transform(o -> o.maxTokens(maxTokens));
            new Parser().parseDocument(ParserEnvironment.newParserEnvironment().document(query)
                    .parserOptions(options).build());
        } catch (InvalidSyntaxException e) {
            reject(ctx, "Malformed GraphQL document: " + e.getMessage(), "InvalidSyntax");
            return;
        } catch (RuntimeException e) {
            reject(ctx, "The GraphQL document was refused: " + e.getMessage(), "InvalidSyntax");
            return;
        }
        ctx.next();
    }

    private static void reject(RoutingContext ctx, String message, String classification) {
        JsonObject error = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", "VALIDATION").put("classification", classification));
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
