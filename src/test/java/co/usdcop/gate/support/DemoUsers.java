package co.usdcop.gate.support;

import io.quarkus.test.oidc.client.OidcTestClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real signed access tokens from the Dev Services OIDC server for the demo users of application.properties
 * (password = user name). Tokens are cached per user for a minute and per OIDC server.
 */
public final class DemoUsers {

    public static final String RESEARCHER = "rita";
    public static final String RESEARCHER_2 = "rafael";
    public static final String REVIEWER = "alice";
    public static final String REVIEWER_2 = "bob";
    public static final String ADMIN = "carol";
    public static final String ADMIN_2 = "dave";
    public static final String AUTOMATION = "otto";
    /** Logged in, but holds no role. */
    public static final String NO_ROLE = "nina";

    /** Tokens are fetched again after this long, well inside their lifetime (a long test run outlives them). */
    private static final long REFRESH_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    /** A token, the OIDC server that issued it (a test profile restarts the app and its server) and when. */
    private record Cached(String token, String server, long fetchedAt) {
    }

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private DemoUsers() {
    }

    public static String token(String user) {
        String server = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse("");
        return TOKENS.compute(user, (u, c) -> c != null && c.server().equals(server)
                && System.nanoTime() - c.fetchedAt() < REFRESH_NANOS ? c : fetch(u, server)).token();
    }

    private static Cached fetch(String user, String server) {
        OidcTestClient client = new OidcTestClient();
        try {
            return new Cached(client.getAccessToken(user, user), server, System.nanoTime());
        } finally {
            client.close();
        }
    }
}
