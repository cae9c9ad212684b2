package co.usdcop.gate.support;

import io.quarkus.test.oidc.client.OidcTestClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real signed access tokens from the Dev Services OIDC server for the demo users of application.properties
 * (password = user name). Tokens are cached per user and fetched again a minute before they expire (the provider
 * issues them for five minutes, shorter than a test run on a busy machine).
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

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final long REFRESH_BEFORE_EXPIRY_SECONDS = 60;
    private static final OidcTestClient CLIENT = new OidcTestClient();

    private DemoUsers() {
    }

    public static String token(String user) {
        return TOKENS.compute(user, (u, cached) -> cached != null && !expiresSoon(cached) ? cached
                : CLIENT.getAccessToken(u, u));
    }

    private static boolean expiresSoon(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
        long exp = new JsonObject(payload).getLong("exp", 0L);
        return exp - Instant.now().getEpochSecond() < REFRESH_BEFORE_EXPIRY_SECONDS;
    }
}
