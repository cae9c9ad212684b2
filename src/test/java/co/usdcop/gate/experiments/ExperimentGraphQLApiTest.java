package co.usdcop.gate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExperimentGraphQLApiTest {

    private static final String REGISTER = """
            mutation($yaml: String!) { registerExperiment(yaml: $yaml) { created contract {
              contractId name version configHash rewardConfigHash featureOrderHash featureOrderMatchesService
              trainRange trainStart trainEnd registeredBy frozenConfig } } }""";

    private static JsonPath register(String user, String yaml) {
        return GraphQL.as(user, REGISTER, Map.of("yaml", yaml));
    }

    @Test
    void configExperimentIsRegisteredAtStartUpWithTheHashOfItsBytes() throws Exception {
        byte[] file = Files.readAllBytes(Path.of("config/experiments/ppo_usdcop_baseline.yaml"));
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { experiment(id: $id) { contractId"
                + " configHash registeredBy trainStart trainEnd yaml featureOrderMatchesService } }",
                Map.of("id", RegistryFixtures.BASELINE_CONTRACT));
        assertNull(r.get("errors"), r::prettify);
        assertEquals(Hashes.sha256Hex(file), r.getString("data.experiment.configHash"));
        assertEquals(co.usdcop.gate.security.CurrentUser.SYSTEM, r.getString("data.experiment.registeredBy"));
        assertEquals("2023-01-02", r.getString("data.experiment.trainStart"));
        assertEquals("2024-12-31", r.getString("data.experiment.trainEnd"));
        assertTrue(r.getBoolean("data.experiment.featureOrderMatchesService"));
        assertEquals(new String(file, java.nio.charset.StandardCharsets.UTF_8), r.getString("data.experiment.yaml"));
    }

    @Test
    void sameBytesGiveTheSameContractAndDifferentBytesConflictNamingBothHashes() {
        String yaml = RegistryFixtures.experimentYaml("exp_idem", "1.0.0", null);
        JsonPath first = register(DemoUsers.RESEARCHER, yaml);
        assertNull(first.get("errors"), first::prettify);
        assertTrue(first.getBoolean("data.registerExperiment.created"));
        assertEquals("CTR-EXP-exp_idem-1.0.0", first.getString("data.registerExperiment.contract.contractId"));
        assertEquals(Hashes.sha256Hex(yaml), first.getString("data.registerExperiment.contract.configHash"));
        assertEquals(64, first.getString("data.registerExperiment.contract.configHash").length());

        JsonPath again = register(DemoUsers.AUTOMATION, yaml);
        assertNull(again.get("errors"), again::prettify);
        assertFalse(again.getBoolean("data.registerExperiment.created"));
        assertEquals(first.getString("data.registerExperiment.contract.registeredBy"),
                again.getString("data.registerExperiment.contract.registeredBy"), "the first registration is kept");

        String changed = yaml + "# a comment changes the bytes\n";
        JsonPath conflict = register(DemoUsers.RESEARCHER, changed);
        assertEquals("CONFLICT", GraphQL.errorCode(conflict), conflict::prettify);
        String message = GraphQL.errorMessage(conflict);
        assertTrue(message.contains(Hashes.sha256Hex(yaml)) && message.contains(Hashes.sha256Hex(changed)), message);
    }

    @Test
    void rewardHashIsTheCanonicalJsonOfTheRewardSectionWhateverTheFormatting() {
        String a = RegistryFixtures.experimentYaml("exp_reward", "1.0.0", null);
        String b = RegistryFixtures.experimentYaml("exp_reward", "1.0.1", null).replace(
                "reward:\n  type: pnl_minus_costs\n  pnl_scale: 100.0\n  cost_penalty: 1.0\n  drawdown_penalty: 0.1\n"
                        + "  holding_penalty: 0.0\n",
                "reward: {holding_penalty: 0.0, drawdown_penalty: 0.1, cost_penalty: 1.0, pnl_scale: 100.0,"
                        + " type: pnl_minus_costs}\n");
        assertTrue(b.contains("reward: {holding_penalty"), "the test must reformat the reward section");
        JsonPath ra = register(DemoUsers.RESEARCHER, a);
        JsonPath rb = register(DemoUsers.RESEARCHER, b);
        assertNull(rb.get("errors"), rb::prettify);
        String expected = Hashes.sha256Hex(CanonicalJson.of(Map.of("type", "pnl_minus_costs", "pnl_scale", 100.0,
                "cost_penalty", 1.0, "drawdown_penalty", 0.1, "holding_penalty", 0.0)));
        assertEquals(expected, ra.getString("data.registerExperiment.contract.rewardConfigHash"));
        assertEquals(expected, rb.getString("data.registerExperiment.contract.rewardConfigHash"));
        assertNotEquals(ra.getString("data.registerExperiment.contract.configHash"),
                rb.getString("data.registerExperiment.contract.configHash"));
    }

    @Test
    void badYamlUnknownTrainRangeAndWrongObservationDimAreValidationErrors() {
        JsonPath notYaml = register(DemoUsers.RESEARCHER, "experiment: [unclosed");
        assertEquals("VALIDATION", GraphQL.errorCode(notYaml), notYaml::prettify);
        JsonPath noName = register(DemoUsers.RESEARCHER, "experiment: {version: '1'}\nreward: {type: x}\n");
        assertEquals("VALIDATION", GraphQL.errorCode(noName), noName::prettify);
        assertTrue(GraphQL.errorMessage(noName).contains("experiment.name"), noName::prettify);
        JsonPath badRange = register(DemoUsers.RESEARCHER,
                RegistryFixtures.experimentYaml("exp_range", "1.0.0", null).replace("train_range: train", "train_range: q3"));
        assertEquals("VALIDATION", GraphQL.errorCode(badRange), badRange::prettify);
        assertTrue(GraphQL.errorMessage(badRange).contains("'q3'"), badRange::prettify);
        JsonPath badDim = register(DemoUsers.RESEARCHER,
                RegistryFixtures.experimentYaml("exp_dim", "1.0.0", null).replace("observation_dim: 15", "observation_dim: 16"));
        assertEquals("VALIDATION", GraphQL.errorCode(badDim), badDim::prettify);
        JsonPath none = GraphQL.as(DemoUsers.REVIEWER, "{ experiments(limit: 500) { items { contractId } } }");
        assertFalse(none.getList("data.experiments.items.contractId").contains("CTR-EXP-exp_range-1.0.0"));
    }

    @Test
    void rolesAreEnforced() {
        String yaml = RegistryFixtures.experimentYaml("exp_roles", "1.0.0", null);
        assertEquals("FORBIDDEN", GraphQL.errorCode(register(DemoUsers.REVIEWER, yaml)));
        JsonPath anonymous = GraphQL.as(null, REGISTER, Map.of("yaml", yaml));
        assertEquals("UNAUTHORIZED", GraphQL.errorCode(anonymous), anonymous::prettify);
        assertEquals("NOT_FOUND", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER,
                "{ experiment(id: \"CTR-EXP-exp_roles-1.0.0\") { contractId } }")));
    }

    @Test
    void listPagesNewestFirst() {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ experiments(limit: 1, offset: 0) { total limit items { contractId } } }");
        assertNull(r.get("errors"), r::prettify);
        assertEquals(1, r.getList("data.experiments.items").size());
        assertTrue(r.getLong("data.experiments.total") >= 1);
    }
}
