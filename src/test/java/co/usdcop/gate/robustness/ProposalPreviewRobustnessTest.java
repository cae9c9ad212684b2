package co.usdcop.gate.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestProgress;
import co.usdcop.gate.backtest.BacktestService;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.backtest.PeriodType;
import co.usdcop.gate.backtest.RunSource;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.config.RobustnessPolicy;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.models.TestMlps;
import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionService;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * With the robustness criteria on, proposalPreview lists them beside the classic criteria, with the threshold in force
 * and its source, exactly as the proposal then judges them.
 */
@QuarkusTest
@TestProfile(RobustnessOn.class)
class ProposalPreviewRobustnessTest {

    static final LocalDate FROM = LocalDate.of(2025, 7, 1);
    static final LocalDate TO = LocalDate.of(2025, 7, 11);
    static final String PREVIEW = """
            query($m: String!, $s: String!, $b: String!) { proposalPreview(modelId: $m, targetStage: $s, backtestId: $b) {
              criteria { name threshold source }
              robustnessCriteria { name threshold source costMultiplier measures actual passed } } }""";
    static final String PROPOSE = """
            mutation($m: String!, $b: String!, $r: String!) {
              proposePromotion(modelId: $m, targetStage: "staging", backtestId: $b, reason: $r) {
                criteria { name threshold actual passed source } } }""";
    static final JsonPathConfig DOUBLES = JsonPathConfig.jsonPathConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

    @TestHTTPResource("/")
    URL base;

    @Inject
    SyntheticMarkets markets;

    @Inject
    GateConfig config;

    @Inject
    BacktestService backtests;

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService promotions;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(promotions);
    }

    private static JsonPath preview(String model, String stage, UUID backtest) {
        JsonPath r = GraphQL.as(DemoUsers.RESEARCHER, PREVIEW, Map.of("m", model, "s", stage, "b",
                backtest.toString())).using(DOUBLES);
        assertNull(r.get("errors"), r::prettify);
        return r;
    }

    private static Map<String, Object> named(List<Map<String, Object>> criteria, String name) {
        return criteria.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + name + " in " + criteria));
    }

    @Test
    void thePreviewListsTheRobustnessCriteriaWithThresholdAndSourceAsTheProposalJudgesThem() {
        markets.july2025();
        // an experiment that tightens the deflated Sharpe floor of staging
        String yaml = RegistryFixtures.experimentYaml("preview_" + System.nanoTime(), "1.0.0", null)
                .replace("    improvement_threshold: 0.05\n", "    improvement_threshold: 0.05\n"
                        + "    min_deflated_sharpe: 0.97\n");
        JsonPath e = GraphQL.as(DemoUsers.RESEARCHER, "mutation($y: String!) { registerExperiment(yaml: $y) {"
                + " contract { contractId } } }", Map.of("y", yaml));
        assertNull(e.get("errors"), e::prettify);
        String experiment = e.getString("data.registerExperiment.contract.contractId");
        String model = "preview-" + System.nanoTime() % 1_000_000_000;
        JsonPath m = RegistryFixtures.registerModel(DemoUsers.RESEARCHER, RegistryFixtures.input(model, experiment,
                RegistryFixtures.upload(TestMlps.validOnnx(77), "onnx"),
                RegistryFixtures.upload(RegistryFixtures.normStats(Map.of()), "norm_stats"),
                Hashes.sha256Hex("dataset " + model)));
        assertNull(m.get("errors"), m::prettify);
        BacktestSummary bt = backtests.runForModel(UUID.randomUUID(), model,
                new BacktestService.Period(FROM, TO, PeriodType.CUSTOM), RunSource.SERVICE, DemoUsers.RESEARCHER,
                BacktestProgress.NONE);

        RobustnessPolicy policy = config.robustness();
        RobustnessPolicy.StageCriteria staging = policy.stage(Stage.STAGING);
        JsonPath p = preview(model, "staging", bt.id());
        List<Map<String, Object>> robust = p.getList("data.proposalPreview.robustnessCriteria");
        assertEquals(List.of("min_deflated_sharpe", "min_sharpe_at_cost_multiplier", "min_positive_quarter_share"),
                robust.stream().map(c -> c.get("name")).toList(), p::prettify);
        // the classic criteria are still there, and the two lists do not repeat each other
        assertTrue(p.getList("data.proposalPreview.criteria.name").contains("min_sharpe"), p::prettify);
        assertTrue(p.getList("data.proposalPreview.criteria.name").stream().noneMatch(n -> n.toString()
                .startsWith("min_deflated")), p::prettify);

        Map<String, Object> dsr = named(robust, "min_deflated_sharpe");
        assertEquals(0.97, (Double) dsr.get("threshold"), 1e-12, "the experiment's stricter value");
        assertTrue(0.97 > staging.minDeflatedSharpe(), "the experiment is stricter than the floor");
        assertEquals("experiment:" + experiment, dsr.get("source"));
        Map<String, Object> cost = named(robust, "min_sharpe_at_cost_multiplier");
        assertEquals(staging.minSharpeAtCost().minSharpe(), (Double) cost.get("threshold"), 1e-12);
        assertEquals(staging.minSharpeAtCost().multiplier(), (Double) cost.get("costMultiplier"), 1e-12);
        assertEquals("promotion.yaml:staging", cost.get("source"));
        assertNull(cost.get("actual"), "the cost stress runs the engine: judged when proposed");
        assertNull(cost.get("passed"));
        assertTrue(cost.get("measures").toString().contains(staging.minSharpeAtCost().multiplier() + " ×"),
                cost::toString);
        Map<String, Object> quarters = named(robust, "min_positive_quarter_share");
        assertEquals(staging.minPositiveQuarterShare(), (Double) quarters.get("threshold"), 1e-12);
        assertEquals("promotion.yaml:staging", quarters.get("source"));
        Double share = (Double) quarters.get("actual");
        assertTrue(share != null && share >= 0 && share <= 1, quarters::toString);
        assertEquals(share >= staging.minPositiveQuarterShare(), quarters.get("passed"), quarters::toString);

        // production lists its own floors (the experiment's 0.97 is below production's, which then applies)
        RobustnessPolicy.StageCriteria production = policy.stage(Stage.PRODUCTION);
        List<Map<String, Object>> prod = preview(model, "production", bt.id())
                .getList("data.proposalPreview.robustnessCriteria");
        Map<String, Object> prodDsr = named(prod, "min_deflated_sharpe");
        assertEquals(Math.max(0.97, production.minDeflatedSharpe()), (Double) prodDsr.get("threshold"), 1e-12);
        assertEquals(production.minDeflatedSharpe() >= 0.97 ? "promotion.yaml:production" : "experiment:" + experiment,
                prodDsr.get("source"));
        assertEquals(production.minSharpeAtCost().minSharpe(),
                (Double) named(prod, "min_sharpe_at_cost_multiplier").get("threshold"), 1e-12);

        // the backtest page shows them under the classic criteria, with their source, before anything is stored
        try (Browser rita = Browser.loggedIn(base, DemoUsers.RESEARCHER)) {
            rita.go("#/backtests/" + bt.id());
            rita.visible(By.id("propose-robustness"));
            for (Map<String, Object> c : robust) {
                String row = rita.visible(By.cssSelector("#propose-robustness tr[data-criterion='" + c.get("name")
                        + "']")).getText();
                assertTrue(row.contains(c.get("source").toString()), row);
            }
            String costRow = rita.visible(By.cssSelector("#propose-robustness tr[data-criterion="
                    + "'min_sharpe_at_cost_multiplier']")).getText();
            assertTrue(costRow.contains("when proposed") && costRow.contains("pending"), costRow);
            rita.screenshot("propose-preview-robustness");
        }

        // the proposal judges exactly these: same names, thresholds and sources, and the values read before it
        JsonPath r = GraphQL.as(DemoUsers.AUTOMATION, PROPOSE, Map.of("m", model, "b", bt.id().toString(), "r",
                PromotionFixtures.REASON)).using(DOUBLES);
        assertNull(r.get("errors"), r::prettify);
        List<Map<String, Object>> judged = r.getList("data.proposePromotion.criteria");
        for (Map<String, Object> c : robust) {
            Map<String, Object> j = named(judged, c.get("name").toString());
            assertEquals(c.get("threshold"), j.get("threshold"), c::toString);
            assertEquals(c.get("source"), j.get("source"), c::toString);
            if (c.get("passed") != null) {
                assertEquals(c.get("actual"), j.get("actual"), c::toString);
                assertEquals(c.get("passed"), j.get("passed"), c::toString);
            }
        }
    }
}
