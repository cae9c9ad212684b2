package co.usdcop.gate.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (prod profile) refuses to start on a configuration error, says which setting is wrong and
 * where, and never starts listening: an operator's typo is found at deployment, not at the first promotion.
 */
class ConfigurationErrorIT {

    private static final String SCHEMA = PackagedRun.schema("config_errors");

    private static OidcWiremockTestResource oidc;
    private static Map<String, String> oidcConfig;

    @BeforeAll
    static void oidcAndDatabase() {
        PackagedRun.dropSchema(SCHEMA);
        oidc = new OidcWiremockTestResource();
        oidcConfig = oidc.start();
    }

    @AfterAll
    static void stopOidc() {
        if (oidc != null) {
            oidc.stop();
        }
    }

    @Test
    void aSettingGivenInTwoFilesIsRefusedNamingBoth() throws Exception {
        String log = refusedStart("config-duplicate", config("duplicate", "backtest.yaml",
                yaml -> yaml + "\nmin_data_quality_score: 0.5\n"), Map.of());
        assertTrue(log.contains("min_data_quality_score"), log);
        assertTrue(log.contains("backtest.yaml") && log.contains("feature_contract.yaml"), log);
    }

    @Test
    void aThresholdOfTheWrongTypeIsRefusedWithItsPath() throws Exception {
        String log = refusedStart("config-type", config("type", "promotion.yaml",
                yaml -> yaml.replaceFirst("min_sharpe: 0\\.5", "min_sharpe: high")), Map.of());
        assertTrue(log.contains("min_sharpe: must be a number, got text 'high'"), log);
        assertTrue(log.contains("promotion.yaml"), log);
    }

    @Test
    void theProdProfileWithoutTheAuditChainKeyIsRefused() throws Exception {
        Map<String, String> noKey = new HashMap<>();
        noKey.put("usdcop.audit.hmac-key", "");
        String log = refusedStart("config-no-key", config("no-key", "backtest.yaml", UnaryOperator.identity()), noKey);
        assertTrue(log.contains("usdcop.audit.hmac-key"), log);
    }

    /** A copy of config/ with {@code file} rewritten by {@code edit}. */
    private static Path config(String name, String file, UnaryOperator<String> edit) throws Exception {
        return PackagedRun.configCopy(Path.of("target", "config-errors", name), file, edit);
    }

    /** Starts the jar on {@code config} and expects it to exit before listening; returns its console output. */
    private static String refusedStart(String name, Path config, Map<String, String> overrides) throws Exception {
        Map<String, String> properties = PackagedRun.properties(SCHEMA, oidcConfig, config,
                Path.of("target", "config-errors", "data"));
        properties.putAll(overrides);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Replica.start(name, properties, Duration.ofMinutes(3)).close(),
                "the service started on a broken configuration");
        assertTrue(refused.getMessage().contains("exited with"), refused.getMessage());
        assertFalse(refused.getMessage().contains("exited with 0;"), refused.getMessage());
        String log = Files.readString(Path.of("target", "replicas", name + ".log"));
        assertFalse(log.contains("Listening on:"), log);
        return log;
    }
}
