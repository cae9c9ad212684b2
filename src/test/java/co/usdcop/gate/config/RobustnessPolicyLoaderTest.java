package co.usdcop.gate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.PromotionPolicy.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The robustness keys of promotion.yaml: the shipped values, optional criteria, and the limits on cost stress. */
class RobustnessPolicyLoaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedConfig() throws IOException {
        for (String f : List.of("market.yaml", "feature_contract.yaml", "date_ranges.yaml", "promotion.yaml",
                "backtest.yaml", "monitoring.yaml")) {
            Files.copy(Path.of("config", f), dir.resolve(f));
        }
    }

    @Test
    void shippedPolicyHasStricterFloorsForProduction() {
        RobustnessPolicy p = new GateConfigLoader(dir).load().robustness();
        assertEquals(List.of(2.0, 4.0), p.costMultipliers());
        RobustnessPolicy.StageCriteria staging = p.stage(Stage.STAGING);
        RobustnessPolicy.StageCriteria production = p.stage(Stage.PRODUCTION);
        assertEquals(0.90, staging.minDeflatedSharpe());
        assertEquals(0.95, production.minDeflatedSharpe());
        assertEquals(new RobustnessPolicy.CostCriterion(2.0, 0.5), production.minSharpeAtCost());
        assertEquals(0.6, production.minPositiveQuarterShare());
    }

    @Test
    void criteriaAreOptionalPerStage() throws IOException {
        replace("      min_deflated_sharpe: 0.90\n", "");
        replace("      min_sharpe_at_cost_multiplier: {multiplier: 2.0, min_sharpe: 0.0}\n", "");
        RobustnessPolicy.StageCriteria staging = new GateConfigLoader(dir).load().robustness().stage(Stage.STAGING);
        assertNull(staging.minDeflatedSharpe());
        assertNull(staging.minSharpeAtCost());
        assertEquals(0.5, staging.minPositiveQuarterShare());
    }

    @Test
    void atMostThreeMultipliersEachAboveOne() throws IOException {
        replace("multipliers: [2.0, 4.0]", "multipliers: [2.0, 4.0, 6.0, 8.0]");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("cost_stress.multipliers: must list 1 to 3 multipliers"), e.getMessage());
        replace("multipliers: [2.0, 4.0, 6.0, 8.0]", "multipliers: [0.5]");
        e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("above 1"), e.getMessage());
    }

    @Test
    void theCostCriterionMustUseAStressedMultiplier() throws IOException {
        replace("{multiplier: 2.0, min_sharpe: 0.5}", "{multiplier: 3.0, min_sharpe: 0.5}");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("must be one of cost_stress.multipliers [2.0, 4.0], got 3.0"),
                e.getMessage());
    }

    @Test
    void theDeflatedSharpeFloorIsAProbability() throws IOException {
        replace("min_deflated_sharpe: 0.95", "min_deflated_sharpe: 2.5");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("min_deflated_sharpe: must be a probability between 0 and 1"),
                e.getMessage());
    }

    private void replace(String from, String to) throws IOException {
        Path p = dir.resolve("promotion.yaml");
        String text = Files.readString(p);
        assertTrue(text.contains(from), "fixture text not found: " + from);
        Files.writeString(p, text.replace(from, to));
    }
}
