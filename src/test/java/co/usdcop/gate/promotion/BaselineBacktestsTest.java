package co.usdcop.gate.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestProgress;
import co.usdcop.gate.backtest.BacktestService;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.backtest.PeriodType;
import co.usdcop.gate.backtest.RunSource;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.support.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The baseline comparison runs the production model through the backtest service on the candidate's conditions. */
@QuarkusTest
class BaselineBacktestsTest {

    @Inject
    PromotionFixtures fx;

    @Inject
    SyntheticMarkets markets;

    @Inject
    BacktestService backtests;

    @Inject
    BaselineBacktests baselines;

    @Test
    void runsTheBaselineOnTheSamePeriodAndDataThenReusesIt() {
        PromotionFixtures.TestModel candidateModel = fx.register("bl-candidate", DemoUsers.RESEARCHER);
        PromotionFixtures.TestModel production = fx.register("bl-production", DemoUsers.RESEARCHER);
        markets.july2025();
        BacktestSummary candidate = backtests.runForModel(UUID.randomUUID(), candidateModel.id(),
                new BacktestService.Period(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 7, 11), PeriodType.CUSTOM),
                RunSource.SERVICE, "test", BacktestProgress.NONE);

        BacktestSummary baseline = baselines.sameConditions(production.id(), candidate).orElseThrow();
        assertEquals(production.id(), baseline.modelId());
        assertEquals(candidate.periodStart(), baseline.periodStart());
        assertEquals(candidate.periodEnd(), baseline.periodEnd());
        assertEquals(candidate.dataSnapshotHash(), baseline.dataSnapshotHash());
        assertEquals(candidate.costModel(), baseline.costModel());
        assertEquals(candidate.engineVersion(), baseline.engineVersion());
        assertTrue(baseline.verified());
        assertTrue(baseline.barCount() > 0);

        BacktestSummary again = baselines.sameConditions(production.id(), candidate).orElseThrow();
        assertEquals(baseline.id(), again.id(), "a stored baseline under the same conditions is reused, not re-run");
    }
}
