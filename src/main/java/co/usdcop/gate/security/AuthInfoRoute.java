package co.usdcop.gate.security;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/auth}: where scripts get tokens (OIDC server, its discovery document with the token endpoint, client id, role claim).
 * Public information, no secrets; in dev mode it points at the in-process Dev Services OIDC server, whose port
 * changes at every start.
 */
@ApplicationScoped
public class AuthInfoRoute {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    java.util.Optional<String> authServerUrl;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    java.util.Optional<String> clientId;

    @ConfigProperty(name = "quarkus.oidc.roles.role-claim-path")
    java.util.Optional<String> roleClaim;

    void routes(@Observes Router router) {
        router.get("/api/auth").handler(ctx -> {
            String issuer = authServerUrl.orElse("");
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            JsonObject info = new JsonObject()
                    .put("authServerUrl", issuer)
                    .put("discovery", base + "/.well-known/openid-configuration")
                    .put("clientId", clientId.orElse(""))
                    .put("roleClaim", roleClaim.orElse("groups"));
            ctx.response().putHeader("Content-Type", "application/json").end(info.encode());
        });
    }
}
