package co.usdcop.gate.config;

import co.usdcop.gate.config.GateConfigLoader.LoadedConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The configuration of {@code config/}, loaded and validated once at start-up (a bad file stops the service with
 * the loader's message). Inject this and read the typed records; never copy a value into code.
 */
@Startup
@ApplicationScoped
public class GateConfig {

    private static final Logger LOG = Logger.getLogger(GateConfig.class);

    private final LoadedConfig loaded;

    public GateConfig(@ConfigProperty(name = "usdcop.config-dir") String configDir) {
        this.loaded = new GateConfigLoader(Path.of(configDir)).load();
        LOG.infof("Loaded config from %s: feature contract %s v%s (feature_order_hash %s), %d experiment file(s)",
                Path.of(configDir).toAbsolutePath().normalize(), loaded.featureContract().contractId(),
                loaded.featureContract().version(), loaded.featureContract().featureOrderHash(),
                loaded.experiments().size());
    }

    public FeatureContract featureContract() {
        return loaded.featureContract();
    }

    public DateRanges dateRanges() {
        return loaded.dateRanges();
    }

    public PromotionPolicy promotion() {
        return loaded.promotion();
    }

    /** Cost stress and robustness criteria of promotion.yaml. */
    public RobustnessPolicy robustness() {
        return loaded.robustness();
    }

    public MarketConfig market() {
        return loaded.market();
    }

    public BacktestConfig backtest() {
        return loaded.backtest();
    }

    public MonitoringConfig monitoring() {
        return loaded.monitoring();
    }

    public List<GateConfigLoader.ExperimentFile> experiments() {
        return loaded.experiments();
    }
}
