package co.usdcop.gate.security;

import co.usdcop.gate.common.graphql.TransportErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cross-site request forgery defence of {@code /graphql}: a browser sends the session cookie with requests that a
 * page of another origin makes, so every POST and every WebSocket upgrade that carries an {@code Origin} header
 * must come from the service's own origin (scheme and {@code Host} of the request, which a page cannot forge) or
 * one of {@link SecurityConfig#allowedOrigins()}; anything else is refused with HTTP 403 {@code FORBIDDEN} before
 * authentication or the body is looked at. Scripts send no {@code Origin} and are not affected. Form and
 * {@code text/plain} posts are refused separately (only {@code application/json} is accepted).
 */
@ApplicationScoped
public class OriginGuard {

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql")
    String path;

    @Inject
    SecurityConfig config;

    private Set<String> allowed;

    void routes(@Observes Router router) {
        allowed = config.allowedOrigins().orElse(List.of()).stream().map(OriginGuard::normalise)
                .filter(o -> !o.isEmpty()).collect(Collectors.toUnmodifiableSet());
        router.post(path).order(-110).handler(this::check);
        router.get(path).order(-110).handler(ctx -> {
            String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
            if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
                check(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void check(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || isAllowed(ctx, normalise(origin))) {
            ctx.next();
            return;
        }
        TransportErrors.end(ctx, 403, "FORBIDDEN", "Requests from the page origin '" + origin + "' are not"
                + " accepted; open the dashboard from this service or add the origin to USDCOP_ALLOWED_ORIGINS.");
    }

    private boolean isAllowed(RoutingContext ctx, String origin) {
        String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
        String own = host == null ? null : normalise(ctx.request().scheme() + "://" + host);
        return origin.equals(own) || allowed.contains(origin);
    }

    /** Lower case, no trailing slash; {@code null} origins ("null" from sandboxed pages) never match. */
    static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
