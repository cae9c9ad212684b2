package co.usdcop.gate.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the automatic vote's arithmetic. */
class PromotionRulesTest {

    static final PromotionRules.Thresholds PRODUCTION = new PromotionRules.Thresholds(1.0, "y", 0.5, "y", 0.10, "y",
            100, "y", 0.05, 7, "y");

    static BacktestMetrics metrics(Double sharpe, Double winRate, double dd, int trades) {
        return new BacktestMetrics(0, 10_000, 60, sharpe, null, dd, null, null, null, null, trades, winRate, null, 0,
                null, 0, null, 0, 0, 0, 100, 0);
    }

    @Test
    void boundariesPassAndUndefinedMetricsFail() {
        List<CriterionResult> atLimits = PromotionRules.criteria(PRODUCTION, metrics(1.0, 0.5, 0.10, 100), 7.0);
        assertEquals(5, atLimits.size());
        assertTrue(atLimits.stream().allMatch(CriterionResult::passed));
        List<CriterionResult> undefined = PromotionRules.criteria(PRODUCTION, metrics(null, null, 0.1000001, 99), 6.99);
        assertTrue(undefined.stream().noneMatch(CriterionResult::passed));
        assertNull(undefined.get(0).actual());
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
        List<CriterionResult> c = PromotionRules.criteria(PRODUCTION, metrics(0.8, 0.6, 0.12, 150), 10.0);
        PromotionRules.Recommendation r = PromotionRules.recommend(c, null);
        assertEquals("REJECT", r.recommendation());
        assertEquals(0.4, r.confidence(), 1e-12); // 2 of 5 failed
        assertTrue(r.reason().contains("min_sharpe") && r.reason().contains("max_drawdown"), r.reason());
        assertFalse(r.reason().contains("min_trades"));

        List<CriterionResult> pass = PromotionRules.criteria(PRODUCTION, metrics(1.5, 0.6, 0.05, 150), 10.0);
        assertEquals("PROMOTE", PromotionRules.recommend(pass, null).recommendation());
        VsBaseline shortOf = new VsBaseline("old", java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), 1.5, 1.45,
                PromotionRules.sharpeImprovement(1.5, 1.45), 0.05, 0.06, 0.1666, 0.05, false, "");
        PromotionRules.Recommendation review = PromotionRules.recommend(pass, shortOf);
        assertEquals("REVIEW", review.recommendation());
        assertTrue(review.reason().contains("3.4 %"), review.reason()); // (1.5-1.45)/1.45 = 3.45 %
    }
}
