package co.usdcop.gate.ops;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the packaged service (jar or native binary, prod profile) needs to start in {@link PackagedServiceIT}: a
 * WireMock OIDC server whose tokens it trusts (their audience required, as in prod), an empty schema of its own, the
 * demo models and synthetic market, and replay enabled.
 */
public class PackagedServiceResource implements QuarkusTestResourceLifecycleManager {

    static final String SCHEMA = System.getenv().getOrDefault("USDCOP_TEST_DB_SCHEMA", "usdcop_test") + "_packaged";
    private static final String DB_URL = System.getenv().getOrDefault("USDCOP_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String DB_USER = System.getenv().getOrDefault("USDCOP_DB_USER", "postgres");
    private static final String DB_PASSWORD = System.getenv().getOrDefault("USDCOP_DB_PASSWORD", "");

    private final OidcWiremockTestResource oidc = new OidcWiremockTestResource();

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reset schema " + SCHEMA + ": " + e.getMessage(), e);
        }
        Map<String, String> oidcConfig = oidc.start();
        Map<String, String> props = new HashMap<>();
        props.put("quarkus.oidc.auth-server-url", oidcConfig.getOrDefault("quarkus.oidc.auth-server-url",
                oidcConfig.get("keycloak.url") + "/realms/quarkus"));
        props.put("quarkus.oidc.credentials.secret", "packaged-test-client-secret-32-characters-long");
        props.put("quarkus.oidc.token.audience", TwoReplicasIT.audienceOf(
                OidcWiremockTestResource.getAccessToken("carol", Set.of("admin"))));
        props.put("quarkus.datasource.jdbc.url", DB_URL);
        props.put("quarkus.datasource.username", DB_USER);
        props.put("quarkus.datasource.password", DB_PASSWORD);
        props.put("quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", SCHEMA);
        props.put("quarkus.flyway.schemas", SCHEMA);
        props.put("quarkus.log.console.json.enabled", "false");
        // prod requires the audit chain's key from outside the database
        props.put("usdcop.audit.hmac-key", "packaged-test-audit-chain-hmac-key-32-chars");
        props.put("usdcop.config-dir", Path.of("config").toAbsolutePath().toString());
        props.put("usdcop.data-dir", Path.of("target", "packaged-data").toAbsolutePath().toString());
        props.put("usdcop.demo.enabled", "true");
        props.put("usdcop.replay.enabled", "true");
        return props;
    }

    @Override
    public void stop() {
        oidc.stop();
    }
}
