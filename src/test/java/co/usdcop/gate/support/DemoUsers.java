package co.usdcop.gate.support;

import io.quarkus.test.oidc.client.OidcTestClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real signed access tokens from the Dev Services OIDC server for the demo users of application.properties
 * (password = user name). Tokens are cached per user for the JVM.
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
    private static final OidcTestClient CLIENT = new OidcTestClient();

    private DemoUsers() {
    }

    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> CLIENT.getAccessToken(u, u));
    }
}
