package co.usdcop.gate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Transport security settings (prefix {@code usdcop.security}); see {@code docs/security.md}. */
@ConfigMapping(prefix = "usdcop.security")
public interface SecurityConfig {

    /**
     * Origins ({@code scheme://host[:port]}) of further dashboards allowed to POST {@code /graphql} and open its
     * WebSocket from a browser; the service's own origin is always allowed. Env {@code USDCOP_ALLOWED_ORIGINS}.
     */
    Optional<List<String>> allowedOrigins();

    /** Whether {@code GET /graphql/schema.graphql} is served to callers who are not logged in (dev mode only). */
    @WithDefault("false")
    boolean schemaForAnonymous();
}
