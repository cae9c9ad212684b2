package co.usdcop.gate.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the automatic vote's arithmetic and of thresholds as floors. */
class PromotionRulesTest {

    static final PromotionPolicy POLICY = new GateConfig("config").promotion();
    /** promotion.yaml's production floors: Sharpe 1.0, win rate 0.5, drawdown 0.10, 100 trades, +5 %, 7 days. */
    static final PromotionRules.Thresholds PRODUCTION = PromotionRules.floors(POLICY, Stage.PRODUCTION);

    static BacktestMetrics metrics(Double sharpe, Double winRate, double dd, int trades) {
        return new BacktestMetrics(0, 10_000, 60, sharpe, null, dd, null, null, null, null, trades, winRate, null, 0,
                null, 0, null, 0, 0, 0, 100, 0);
    }

    static JsonNode criteria(Map<String, Object> values) {
        return CanonicalJson.MAPPER.valueToTree(values);
    }

    @Test
    void boundariesPassAndUndefinedMetricsFail() {
        List<CriterionResult> atLimits = PromotionRules.criteria(PRODUCTION, metrics(1.0, 0.5, 0.10, 100), 7.0, null);
        assertEquals(5, atLimits.size());
        assertTrue(atLimits.stream().allMatch(CriterionResult::passed));
        List<CriterionResult> undefined = PromotionRules.criteria(PRODUCTION, metrics(null, null, 0.1000001, 99), 6.99,
                null);
        assertTrue(undefined.stream().noneMatch(CriterionResult::passed));
        assertNull(undefined.get(0).actual());
        assertEquals(6.0, undefined.get(4).actual()); // whole days: 6.99 -> 6, still short of 7
    }

    @Test
    void improvementsFollowTheDocumentedFormulas() {
        assertEquals(0.25, PromotionRules.sharpeImprovement(1.25, 1.0), 1e-12);   // (1.25-1)/1
        assertEquals(1.5, PromotionRules.sharpeImprovement(0.5, -1.0), 1e-12);    // (0.5+1)/|-1|
        assertEquals(0.3, PromotionRules.sharpeImprovement(0.3, 0.0), 1e-12);     // plain difference
        assertNull(PromotionRules.sharpeImprovement(null, 1.0));
        assertEquals(0.5, PromotionRules.drawdownImprovement(0.04, 0.08), 1e-12); // (0.08-0.04)/0.08
        assertEquals(-0.02, PromotionRules.drawdownImprovement(0.02, 0.0), 1e-12);
    }

    @Test
    void recommendationNamesFailedCriteria() {
        List<CriterionResult> c = PromotionRules.criteria(PRODUCTION, metrics(0.8, 0.6, 0.12, 150), 10.0, null);
        PromotionRules.Recommendation r = PromotionRules.recommend(c, null);
        assertEquals("REJECT", r.recommendation());
        assertEquals(0.4, r.confidence(), 1e-12); // 2 of 5 failed
        assertTrue(r.reason().contains("min_sharpe") && r.reason().contains("max_drawdown"), r.reason());
        assertFalse(r.reason().contains("min_trades"));

        List<CriterionResult> pass = PromotionRules.criteria(PRODUCTION, metrics(1.5, 0.6, 0.05, 150), 10.0, null);
        assertEquals("PROMOTE", PromotionRules.recommend(pass, null).recommendation());
    }

    /** The improvement rule is binding: short of +5 % over production, the automatic vote fails. */
    @Test
    void aCandidateThatDoesNotBeatProductionByTheThresholdFailsTheAutomaticVote() {
        VsBaseline shortOf = new VsBaseline("old", UUID.randomUUID(), UUID.randomUUID(), 1.5, 1.45,
                PromotionRules.sharpeImprovement(1.5, 1.45), 0.05, 0.06, 0.1666, 0.05, false, "");
        List<CriterionResult> c = PromotionRules.criteria(PRODUCTION, metrics(1.5, 0.6, 0.05, 150), 10.0, shortOf);
        assertEquals(6, c.size());
        CriterionResult improvement = c.get(5);
        assertEquals("improvement_threshold", improvement.name());
        assertEquals(0.05 / 1.45, improvement.actual(), 1e-12); // (1.5-1.45)/1.45 = 3.45 %
        assertFalse(improvement.passed());
        PromotionRules.Recommendation r = PromotionRules.recommend(c, shortOf);
        assertEquals("REJECT", r.recommendation());
        assertEquals(1.0 / 6, r.confidence(), 1e-12);
        assertTrue(r.reason().contains("3.4 %"), r.reason());

        VsBaseline unmeasured = new VsBaseline("old", null, UUID.randomUUID(), 1.5, null, null, 0.05, null, null, 0.05,
                false, "no baseline");
        assertFalse(PromotionRules.criteria(PRODUCTION, metrics(1.5, 0.6, 0.05, 150), 10.0, unmeasured).get(5)
                .passed());
    }

    @Test
    void anExperimentMayOnlyTightenTheFloorsAndTheStricterValueApplies() {
        // stricter Sharpe (1.2 > 1.0) and drawdown (0.08 < 0.10) apply; a win rate equal to the floor keeps the floor
        JsonNode sc = criteria(Map.of("min_sharpe", 1.2, "max_drawdown", 0.08, "min_win_rate", 0.5));
        PromotionRules.Thresholds t = PromotionRules.resolve(POLICY, Stage.PRODUCTION, sc, "CTR-EXP-x-1");
        assertEquals(1.2, t.get("min_sharpe").value());
        assertEquals("experiment:CTR-EXP-x-1", t.get("min_sharpe").source());
        assertEquals(0.08, t.get("max_drawdown").value());
        assertEquals("promotion.yaml:production", t.get("min_win_rate").source());
        assertEquals(100, t.get("min_trades").value());
        assertEquals(0.05, t.get("improvement_threshold").value());
        // a looser value stored in an older contract never lowers the gate
        JsonNode loose = criteria(Map.of("min_sharpe", -100, "improvement_threshold", -10, "max_drawdown", 0.9));
        PromotionRules.Thresholds floor = PromotionRules.resolve(POLICY, Stage.PRODUCTION, loose, "CTR-EXP-old-1");
        assertEquals(1.0, floor.get("min_sharpe").value());
        assertEquals(0.05, floor.get("improvement_threshold").value());
        assertEquals(0.10, floor.get("max_drawdown").value());
        assertEquals("promotion.yaml:production", floor.get("min_sharpe").source());

        List<String> refused = PromotionRules.looserThanFloors(loose, POLICY);
        assertEquals(3, refused.size(), refused::toString);
        assertTrue(refused.stream().anyMatch(m -> m.contains("min_sharpe = -100.0") && m.contains("floor 0.500")),
                refused::toString); // looser than the staging floor already
        assertTrue(PromotionRules.looserThanFloors(criteria(Map.of("min_sharpe", 0.7)), POLICY).get(0)
                .contains("production floor 1.000"));
        assertTrue(PromotionRules.looserThanFloors(sc, POLICY).isEmpty());
    }
}
