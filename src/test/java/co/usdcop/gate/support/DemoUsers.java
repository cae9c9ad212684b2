package co.usdcop.gate.support;

import io.quarkus.test.oidc.client.OidcTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final OidcTestClient CLIENT = new OidcTestClient();

    private DemoUsers() {
    }

    /** A cached access token of the user, fetched again when it expires within a minute (long test runs). */
    public static String token(String user) {
        return TOKENS.compute(user, (u, cached) -> cached != null && !expiresSoon(cached) ? cached
                : CLIENT.getAccessToken(u, u));
    }

    private static boolean expiresSoon(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return true;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher exp = EXP.matcher(payload);
        return !exp.find() || Long.parseLong(exp.group(1)) - 60 < Instant.now().getEpochSecond();
    }
}
