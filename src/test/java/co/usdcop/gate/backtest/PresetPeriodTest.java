package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A preset backtest stores the period its rows really cover (the synthetic July 2025 of {@link BacktestRunTest}). */
@QuarkusTest
class PresetPeriodTest {

    @Inject
    DemoSeeder demo;

    @Inject
    SyntheticMarkets markets;

    @Inject
    BacktestService service;

    @Inject
    FeatureStore features;

    @Test
    void aPresetRunningToTodayReportsTheFirstAndLastDateWithData() {
        demo.seed();
        markets.july2025();

        BacktestService.Period preset = service.resolvePeriod("test", null, null);
        List<FeatureVector> rows = features.featuresBetween(preset.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                preset.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1));
        LocalDate firstWithData = rows.get(0).tradingDate();
        LocalDate lastWithData = rows.get(rows.size() - 1).tradingDate();
        assertTrue(lastWithData.isBefore(preset.to()), "the stored bars end before the preset (today)");

        BacktestSummary s = service.runForModel(UUID.randomUUID(), DemoPolicies.MOMENTUM, preset, RunSource.SERVICE,
                "rita", BacktestProgress.NONE);
        assertEquals("test", s.periodType());
        assertEquals(firstWithData, s.periodStart());
        assertEquals(lastWithData, s.periodEnd(), "not the preset's end " + preset.to());
        assertEquals(rows.size(), s.barCount());

        // explicit dates are kept as given, even where the data ends earlier
        BacktestSummary custom = service.runForModel(UUID.randomUUID(), DemoPolicies.MOMENTUM,
                service.resolvePeriod(null, LocalDate.of(2025, 7, 1), LocalDate.of(2025, 7, 20)), RunSource.SERVICE,
                "rita", BacktestProgress.NONE);
        assertEquals(LocalDate.of(2025, 7, 20), custom.periodEnd());
    }
}
