package co.usdcop.gate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Exposes the cron expressions of {@code config/market.yaml} and {@code config/promotion.yaml} as configuration
 * properties, so that {@code @Scheduled(cron = "{usdcop.schedule.inference}")} reads the YAML — the single
 * source of truth — rather than a second copy in application.properties.
 * <ul>
 * <li>{@code usdcop.schedule.inference}, {@code usdcop.schedule.macro-consolidation}, {@code usdcop.schedule.monitoring}</li>
 * <li>{@code usdcop.schedule.proposal-expiry}</li>
 * </ul>
 * Malformed files yield no properties here; {@link GateConfigLoader} reports them at start-up.
 */
public class ScheduleConfigSource implements ConfigSource {

    private final Map<String, String> properties = load();

    private static Map<String, String> load() {
        String dir = System.getProperty("usdcop.config-dir", System.getenv().getOrDefault("USDCOP_CONFIG_DIR", "config"));
        Map<String, String> out = new HashMap<>();
        Path root = Path.of(dir);
        try {
            if (Files.isRegularFile(root.resolve("market.yaml"))) {
                YamlNode schedules = GateConfigLoader.parse("market.yaml", Files.readString(root.resolve("market.yaml")))
                        .get("schedules");
                if (!schedules.isMissing()) {
                    put(out, "usdcop.schedule.inference", schedules.get("inference_cron"));
                    put(out, "usdcop.schedule.macro-consolidation", schedules.get("macro_consolidation_cron"));
                    put(out, "usdcop.schedule.monitoring", schedules.get("monitoring_cron"));
                }
            }
            if (Files.isRegularFile(root.resolve("promotion.yaml"))) {
                put(out, "usdcop.schedule.proposal-expiry",
                        GateConfigLoader.parse("promotion.yaml", Files.readString(root.resolve("promotion.yaml")))
                                .get("expiry_job_cron"));
            }
        } catch (IOException | RuntimeException e) {
            // reported with file and path by GateConfigLoader at start-up
        }
        return out;
    }

    private static void put(Map<String, String> out, String key, YamlNode node) {
        if (!node.isMissing() && node.value() instanceof String s) {
            out.put(key, s);
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "usdcop-yaml-schedules";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
