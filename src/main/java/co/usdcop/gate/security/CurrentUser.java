package co.usdcop.gate.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, for the current request: OIDC subject, display name, e-mail and roles, plus the client IP and
 * user agent that the audit log records. Anonymous callers have subject {@code null}.
 */
@RequestScoped
public class CurrentUser {

    /**
     * Actor recorded for work the service does on its own (schedules, start-up, the automatic vote). Its prefix
     * {@link #RESERVED_PREFIX} is refused in token subjects ({@link ReservedSubjects}), so no token can act as it.
     */
    public static final String SYSTEM = "usdcop-gate/system";

    /** Subjects starting with this belong to the service itself. */
    public static final String RESERVED_PREFIX = "usdcop-gate/";

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest request;

    public boolean isAnonymous() {
        return identity == null || identity.isAnonymous();
    }

    /** Stable identifier of the caller: the token's {@code sub}, or {@code system} when nobody is logged in. */
    public String subject() {
        if (isAnonymous()) {
            return SYSTEM;
        }
        JsonWebToken jwt = jwt();
        String sub = jwt == null ? null : jwt.getSubject();
        return sub != null ? sub : identity.getPrincipal().getName();
    }

    /** Human-readable name: {@code name}, {@code preferred_username} or the principal name. */
    public String name() {
        if (isAnonymous()) {
            return SYSTEM;
        }
        JsonWebToken jwt = jwt();
        if (jwt != null) {
            for (String claim : List.of("name", "preferred_username", "upn")) {
                Object value = jwt.getClaim(claim);
                if (value != null && !value.toString().isBlank()) {
                    return value.toString();
                }
            }
        }
        Principal principal = identity.getPrincipal();
        return principal == null ? SYSTEM : principal.getName();
    }

    public String email() {
        JsonWebToken jwt = isAnonymous() ? null : jwt();
        Object email = jwt == null ? null : jwt.getClaim("email");
        return email == null ? null : email.toString();
    }

    public Set<String> roles() {
        return isAnonymous() ? Set.of() : new TreeSet<>(identity.getRoles());
    }

    public boolean hasRole(String role) {
        return !isAnonymous() && identity.hasRole(role);
    }

    /**
     * The address of the connection. Forwarding headers are never read here: behind a reverse proxy, Quarkus
     * replaces the connection's address with the forwarded one only for connections from the proxies listed in
     * {@code quarkus.http.proxy.trusted-proxies} (forwarding is off by default; see docs/security.md).
     */
    public String clientIp() {
        RoutingContext ctx = routingContext();
        if (ctx == null) {
            return null;
        }
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }

    public String userAgent() {
        RoutingContext ctx = routingContext();
        return ctx == null ? null : ctx.request().getHeader("User-Agent");
    }

    private RoutingContext routingContext() {
        try {
            return request == null ? null : request.getCurrent();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private JsonWebToken jwt() {
        return identity.getPrincipal() instanceof JsonWebToken token ? token : null;
    }
}
