package co.usdcop.gate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/experiment_hashes.py} (what a research script runs before registering) gives the contract id,
 * {@code config_hash} and {@code reward_config_hash} the service reports, for the shipped experiment and for a
 * reward section with the number forms whose text differs between Python and Java (3.0E-4, 1.0E7, nested keys out of
 * order, non-ASCII text).
 */
@QuarkusTest
class ResearchSideHashesTest {

    @Test
    void theExampleScriptComputesTheHashesTheServiceReports() throws Exception {
        String reward = """
                reward:
                  type: "pnl_minus_costs ñ"
                  zeta: {b: 2, a: [1.5, 0.0003, 12345678.9, -2.5e-8, true, null]}
                  pnl_scale: 100.0
                  cost_penalty: 10000000.0
                  drawdown_penalty: 0.001
                  tiny: 0.00099
                """;
        String base = RegistryFixtures.experimentYaml("research_hashes", "1.0.0", null);
        int from = base.indexOf("reward:");
        int to = base.indexOf("training:");
        String yaml = base.substring(0, from) + reward + base.substring(to);
        JsonPath r = GraphQL.as(DemoUsers.RESEARCHER, "mutation($y: String!) { registerExperiment(yaml: $y) {"
                + " contract { contractId configHash rewardConfigHash } } }", Map.of("y", yaml));
        assertNull(r.get("errors"), r::prettify);

        Path file = Files.createTempFile("experiment", ".yaml");
        Files.writeString(file, yaml);
        Map<String, String> script = run(file);
        assertEquals(r.getString("data.registerExperiment.contract.contractId"), script.get("contract_id"));
        assertEquals(r.getString("data.registerExperiment.contract.configHash"), script.get("config_hash"));
        assertEquals(r.getString("data.registerExperiment.contract.rewardConfigHash"), script.get("reward_config_hash"));
    }

    @Test
    void theShippedExperimentHashesAlike() throws Exception {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { experiment(id: $id) { contractId"
                + " configHash rewardConfigHash } }", Map.of("id", RegistryFixtures.BASELINE_CONTRACT));
        assertNull(r.get("errors"), r::prettify);
        Map<String, String> script = run(Path.of("config/experiments/ppo_usdcop_baseline.yaml"));
        assertEquals(r.getString("data.experiment.configHash"), script.get("config_hash"));
        assertEquals(r.getString("data.experiment.rewardConfigHash"), script.get("reward_config_hash"));
    }

    private static Map<String, String> run(Path yaml) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "examples/experiment_hashes.py", yaml.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.trim().split("\\s+", 2);
            if (kv.length == 2) {
                values.put(kv[0], kv[1]);
            }
        }
        return values;
    }
}
