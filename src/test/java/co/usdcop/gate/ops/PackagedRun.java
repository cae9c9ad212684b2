package co.usdcop.gate.ops;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What every test and benchmark of the packaged service (prod profile) gives it: the database and its own schema, a
 * WireMock OIDC server it trusts (with the audience its tokens carry), the audit chain's key, plain console logs, the
 * configuration and data directories. One place, so a new required prod setting is added once.
 */
public final class PackagedRun {

    public static final String DB_URL = System.getenv().getOrDefault("USDCOP_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String DB_USER = System.getenv().getOrDefault("USDCOP_DB_USER", "postgres");
    public static final String DB_PASSWORD = System.getenv().getOrDefault("USDCOP_DB_PASSWORD", "");

    private PackagedRun() {
    }

    /** A schema name of the test database with {@code suffix} (separate from the in-process tests' schema). */
    public static String schema(String suffix) {
        return System.getenv().getOrDefault("USDCOP_TEST_DB_SCHEMA", "usdcop_test") + "_" + suffix;
    }

    /** Drops {@code schema}, so the service migrates a fresh one. */
    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /**
     * The prod-profile settings: OIDC from {@code oidcConfig} (what {@link OidcWiremockTestResource#start()}
     * returned), the database on {@code schema}, the audit chain's key, {@code config} and {@code data} directories.
     */
    public static Map<String, String> properties(String schema, Map<String, String> oidcConfig, Path config,
            Path data) {
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.oidc.auth-server-url", oidcConfig.getOrDefault("quarkus.oidc.auth-server-url",
                oidcConfig.get("keycloak.url") + "/realms/quarkus"));
        p.put("quarkus.oidc.credentials.secret", "packaged-test-client-secret-32-characters-long");
        // the prod profile requires the token audience: the one the WireMock server's tokens carry
        p.put("quarkus.oidc.token.audience", TwoReplicasIT.audienceOf(OidcWiremockTestResource.getAccessToken("rita",
                Set.of("researcher"))));
        p.put("quarkus.datasource.jdbc.url", DB_URL);
        p.put("quarkus.datasource.username", DB_USER);
        p.put("quarkus.datasource.password", DB_PASSWORD);
        p.put("quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", schema);
        p.put("quarkus.flyway.schemas", schema);
        p.put("quarkus.log.console.json.enabled", "false");
        // prod requires the audit chain's key from outside the database
        p.put("usdcop.audit.hmac-key", "packaged-test-audit-chain-hmac-key-32-chars");
        p.put("usdcop.config-dir", config.toAbsolutePath().toString());
        p.put("usdcop.data-dir", data.toAbsolutePath().toString());
        return p;
    }

    /** A copy of {@code config/} at {@code target} with {@code file} rewritten by {@code edit}. */
    public static Path configCopy(Path target, String file, UnaryOperator<String> edit) throws Exception {
        Path source = Path.of("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path changed = target.resolve(file);
        Files.writeString(changed, edit.apply(Files.readString(changed)));
        return target;
    }
}
