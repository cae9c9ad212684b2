package co.usdcop.gate.models.demo;

import co.usdcop.gate.artifacts.ArtifactInfo;
import co.usdcop.gate.artifacts.ArtifactKind;
import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.DateRanges;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.experiments.ExperimentContract;
import co.usdcop.gate.experiments.ExperimentService;
import co.usdcop.gate.features.store.DatasetExporter;
import co.usdcop.gate.models.MlpWeights;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.RegisterModelInput;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.security.CurrentUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Seeds, once, the demo experiment {@code CTR-EXP-demo_handwritten-1.1.0} and the demo policies when
 * {@code usdcop.demo.enabled=true} (dev profile). Models that already exist are skipped, so restarts are no-ops.
 * The policies' weights are written by hand; they are linked to the service's own export of the demo market's
 * training range (as a trained model would be), so that their lineage is verified and the whole promotion flow, up
 * to production, can be tried in dev mode. Runs after {@code DemoDataLoader} has loaded the bars; without bars in
 * the training range the models are linked to a manifest the service does not know (lineage not verified).
 */
@ApplicationScoped
public class DemoSeeder {

    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);
    static final String EXPERIMENT_RESOURCE = "demo/demo_experiment.yaml";
    private static final String DATASET_MANIFEST = "{\"demo\": true, \"note\": \"hand-written demo policies;"
            + " no training data was used\"}\n";

    @Inject
    ExperimentService experiments;

    @Inject
    ArtifactService artifacts;

    @Inject
    ModelRegistryService registry;

    @Inject
    DatasetExporter exporter;

    @Inject
    GateConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "usdcop.demo.enabled", defaultValue = "false")
    boolean enabled;

    /** After the experiment files (priority 100) and the demo market (default observer priority 2500). */
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            List<String> seeded = seed();
            LOG.infof("Demo data: %s", seeded.isEmpty() ? "already present" : "seeded " + seeded);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Demo data could not be seeded");
        }
    }

    /** Seeds what is missing, in one transaction; returns the ids of the models it registered. */
    @Transactional
    public List<String> seed() {
        // first, before this transaction takes the audit lock the export's own transaction needs
        String dataset = trainingDataset();
        ExperimentContract experiment = experiments.register(resource(EXPERIMENT_RESOURCE), CurrentUser.SYSTEM).contract();
        String norm = store(DemoPolicies.normStatsJson(), ArtifactKind.NORM_STATS, "application/json").sha256();
        List<String> seeded = new java.util.ArrayList<>();
        seedModel(DemoPolicies.MOMENTUM, DemoPolicies.momentum(), experiment, norm, dataset, seeded);
        seedModel(DemoPolicies.MEAN_REVERSION, DemoPolicies.meanReversion(), experiment, norm, dataset, seeded);
        seedModel(DemoPolicies.OPENING_GAP, DemoPolicies.openingGap(), experiment, norm, dataset, seeded);
        return seeded;
    }

    private void seedModel(String id, MlpWeights weights, ExperimentContract experiment, String norm, String dataset,
            List<String> seeded) {
        if (RegisteredModel.findById(id) != null) {
            return;
        }
        byte[] onnx = OnnxMlpWriter.write(weights);
        String onnxSha = artifacts.store(new ByteArrayInputStream(onnx), ArtifactKind.ONNX, "application/octet-stream",
                CurrentUser.SYSTEM).sha256();
        registry.register(new RegisterModelInput(id, experiment.contractId, onnxSha, norm, dataset, "demo:handwritten", null),
                new ModelRegistryService.Actor(CurrentUser.SYSTEM, "demo seed"));
        seeded.add(id);
    }

    /** The service's export of the training range of date_ranges.yaml, or a bare manifest when it has no rows. */
    private String trainingDataset() {
        DateRanges.DateRange train = config.dateRanges().range("train", clock);
        Instant from = train.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = train.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        try {
            // its own transaction: a refused export must not mark the seeding transaction for rollback
            return QuarkusTransaction.requiringNew().call(() -> exporter.exportDataset(from, to).sha256());
        } catch (InvalidInputException noRows) {
            LOG.warnf("Demo data: no feature rows in the training range (%s); the demo models' dataset is a manifest"
                    + " the service does not know, so their lineage is not verified", noRows.getMessage());
            return store(DATASET_MANIFEST, ArtifactKind.DATASET, "application/json").sha256();
        }
    }

    private ArtifactInfo store(String text, ArtifactKind kind, String mediaType) {
        return artifacts.store(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), kind, mediaType,
                CurrentUser.SYSTEM);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
