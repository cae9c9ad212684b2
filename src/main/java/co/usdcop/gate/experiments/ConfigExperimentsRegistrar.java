package co.usdcop.gate.experiments;

import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.GateConfigLoader.ExperimentFile;
import co.usdcop.gate.security.CurrentUser;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Registers the files of {@code config/experiments/} at start-up exactly as {@code registerExperiment} would, with
 * actor {@code system}. A file whose name+version is already registered with other bytes is reported and skipped
 * (the stored contract stays authoritative; bump the version in the file).
 */
@ApplicationScoped
public class ConfigExperimentsRegistrar {

    /** Runs before observers that depend on the contracts (e.g. the dev demo). */
    public static final int PRIORITY = 100;

    private static final Logger LOG = Logger.getLogger(ConfigExperimentsRegistrar.class);

    @Inject
    GateConfig config;

    @Inject
    ExperimentService experiments;

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        for (ExperimentFile file : config.experiments()) {
            try {
                var r = experiments.register(file.bytes(), CurrentUser.SYSTEM);
                LOG.infof("Experiment file %s: %s %s (config_hash %s)", file.fileName(), r.contract().contractId,
                        r.created() ? "registered" : "already registered", r.contract().configHash);
            } catch (GateException e) {
                LOG.errorf("Experiment file %s was not registered: %s", file.fileName(), e.getMessage());
            } catch (RuntimeException e) {
                // e.g. another replica registered it at the same moment (unique key); the next start re-checks
                LOG.errorf(e, "Experiment file %s was not registered", file.fileName());
            }
        }
    }
}
