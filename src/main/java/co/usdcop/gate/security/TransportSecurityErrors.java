package co.usdcop.gate.security;

import co.usdcop.gate.common.graphql.TransportErrors;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Security failures outside the GraphQL operations answer like every other refusal, with a code and a JSON body:
 * a bad or expired bearer token on {@code /graphql} or {@code /api/*} is HTTP 401 {@code UNAUTHORIZED} (instead of an
 * empty 401), an anonymous call of a REST endpoint is HTTP 401 (instead of a 302 to the login page, which a
 * script cannot follow), a call without the role is HTTP 403 {@code FORBIDDEN}. {@code /graphql/schema.graphql} is
 * served to logged-in callers only, unless {@link SecurityConfig#schemaForAnonymous()} (dev mode).
 */
@ApplicationScoped
public class TransportSecurityErrors {

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql")
    String graphqlPath;

    @Inject
    SecurityConfig config;

    void routes(@Observes Router router) {
        router.route().failureHandler(this::authenticationFailed);
        router.get(graphqlPath + "/schema.graphql").order(-110).handler(this::schemaNeedsLogin);
    }

    private void authenticationFailed(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean ours = path != null && (path.startsWith(graphqlPath) || path.startsWith("/api/"));
        if (ours && ctx.failure() instanceof AuthenticationFailedException) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            TransportErrors.end(ctx, 401, "UNAUTHORIZED", "The access token was refused (expired, malformed, or"
                    + " not signed by the configured OIDC provider); get a new token and retry.");
        } else {
            ctx.next();
        }
    }

    private void schemaNeedsLogin(RoutingContext ctx) {
        boolean loggedIn = ctx.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous();
        if (loggedIn || config.schemaForAnonymous()) {
            ctx.next();
        } else {
            TransportErrors.end(ctx, 401, "UNAUTHORIZED", "The GraphQL schema is shown to logged-in users only;"
                    + " send a bearer token or log in to the dashboard.");
        }
    }
}
