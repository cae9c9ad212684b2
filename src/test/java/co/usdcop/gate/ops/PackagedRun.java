package co.usdcop.gate.ops;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
     * The prod-profile settings with OIDC from a WireMock server ({@code oidcConfig}, what
     * {@link OidcWiremockTestResource#start()} returned; the audience its tokens carry required, as in prod), on top
     * of {@link #service}.
     */
    public static Map<String, String> properties(String schema, Map<String, String> oidcConfig, Path config,
            Path data) {
        Map<String, String> p = service(schema, config, data);
        p.put("quarkus.oidc.auth-server-url", oidcConfig.getOrDefault("quarkus.oidc.auth-server-url",
                oidcConfig.get("keycloak.url") + "/realms/quarkus"));
        p.put("quarkus.oidc.credentials.secret", "packaged-test-client-secret-32-characters-long");
        p.put("quarkus.oidc.token.audience", audienceOf(OidcWiremockTestResource.getAccessToken("rita",
                Set.of("researcher"))));
        return p;
    }

    /**
     * The prod-profile settings besides OIDC: the database on {@code schema}, plain console logs, the audit chain's
     * key (prod requires it from outside the database), {@code config} and {@code data} directories.
     */
    public static Map<String, String> service(String schema, Path config, Path data) {
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.jdbc.url", DB_URL);
        p.put("quarkus.datasource.username", DB_USER);
        p.put("quarkus.datasource.password", DB_PASSWORD);
        p.put("quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", schema);
        p.put("quarkus.flyway.schemas", schema);
        p.put("quarkus.log.console.json.enabled", "false");
        p.put("usdcop.audit.hmac-key", "packaged-test-audit-chain-hmac-key-32-chars");
        p.put("usdcop.config-dir", config.toAbsolutePath().toString());
        p.put("usdcop.data-dir", data.toAbsolutePath().toString());
        return p;
    }

    /** The first audience of a JWT (its payload is read, the signature is not checked). */
    static String audienceOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"aud\"\\s*:\\s*\\[?\\s*\"([^\"]+)\"").matcher(payload);
        if (!m.find()) {
            throw new IllegalStateException("no audience in the token " + payload);
        }
        return m.group(1);
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
