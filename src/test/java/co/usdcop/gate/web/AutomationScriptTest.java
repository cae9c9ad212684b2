package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs examples/register-and-propose.sh with bash against the test service (a real automation token): it exports and
 * downloads its inputs, registers, backtests and proposes; an empty policy file stops it before any upload.
 */
@QuarkusTest
class AutomationScriptTest {

    private static final Path SCRIPT = Paths.get("examples", "register-and-propose.sh");

    @TestHTTPResource("/")
    URL base;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    GateConfig config;

    /** Bars and features in the end of the training range and the start of the test range. */
    @BeforeEach
    void market() {
        var generator = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED);
        var train = generator.generate(LocalDate.of(2024, 12, 2), Instant.parse("2024-12-14T00:00:00Z"));
        ingestion.ingestGenerated(train.bars(), train.macro(), SyntheticMarketGenerator.SOURCE);
        var test = generator.generate(LocalDate.of(2025, 7, 1), Instant.parse("2025-07-12T00:00:00Z"));
        ingestion.ingestGenerated(test.bars(), test.macro(), SyntheticMarketGenerator.SOURCE);
    }

    record Run(int exit, String output) {
    }

    private Run run(Map<String, String> env) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("automation-");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().put("BASE_URL", base.toString());
        pb.environment().put("TOKEN", DemoUsers.token(DemoUsers.AUTOMATION));
        pb.environment().put("TIMEOUT_SECONDS", "120");
        pb.environment().put("WORK_DIR", work.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the script ends on its own");
        return new Run(p.exitValue(), out);
    }

    @Test
    void theScriptRegistersBacktestsAndProposesThroughTheService() throws Exception {
        Run r = run(Map.of());
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target", "automation-output.txt"), r.output());
        assertEquals(0, r.exit(), r.output());
        String modelId = r.output().replaceAll("(?s).*\nmodel: (\\S+) .*", "$1");
        JsonPath model = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { model(id: $id) { experimentContractId"
                + " datasetKnown trainingRunRef } backtests(modelId: $id) { items { verified outOfSample } } }",
                Map.of("id", modelId));
        assertEquals("CTR-EXP-example_momentum-1.0.0", model.getString("data.model.experimentContractId"), model.prettify());
        assertTrue(model.getBoolean("data.model.datasetKnown"), "the dataset is the service's own export");
        assertTrue(model.getBoolean("data.backtests.items[0].verified"));
        assertTrue(model.getBoolean("data.backtests.items[0].outOfSample"));
        assertTrue(r.output().contains("proposal: {\"id\":"), r.output());
    }

    @Test
    void anEmptyPolicyFileIsRefusedBeforeAnythingIsSent() throws Exception {
        Path empty = Files.createTempFile("empty-", ".onnx");
        Run r = run(Map.of("ONNX", empty.toString()));
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("is empty (0 bytes)"), r.output());
        assertTrue(!r.output().contains("==> 1."), "stopped before the first step: " + r.output());
    }
}
