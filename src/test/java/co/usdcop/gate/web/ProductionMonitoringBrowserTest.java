package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.promotion.ProductionContract;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.ChartAxes;
import co.usdcop.gate.support.DemoUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The Production page's monitoring panels: live P&L beside the backtest, drift per feature, alerts. */
@QuarkusTest
class ProductionMonitoringBrowserTest {

    /** Inside the training range of the baseline experiment: the drift reference. */
    static final LocalDate REFERENCE_FROM = LocalDate.parse("2024-12-02");
    static final Instant REFERENCE_UNTIL = Instant.parse("2024-12-14T00:00:00Z");
    /** The days the production model traded on paper. */
    static final LocalDate LIVE_FROM = LocalDate.parse("2025-06-02");
    static final Instant LIVE_UNTIL = Instant.parse("2025-06-07T00:00:00Z");

    @TestHTTPResource("/")
    URL base;

    @Inject
    PromotionFixtures fx;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    FeatureStore featureStore;

    @Inject
    GateConfig config;

    @Test
    void reviewersSeeLivePnlDriftAndAlertsAndAdminsRunMonitoring() {
        for (var range : List.of(new Object[] {REFERENCE_FROM, REFERENCE_UNTIL}, new Object[] {LIVE_FROM, LIVE_UNTIL})) {
            ingestion.ingestBars(new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                    .generate((LocalDate) range[0], (Instant) range[1]).bars(), SyntheticMarketGenerator.SOURCE);
        }
        TestModel m = fx.promoted("web-live");
        long contract = QuarkusTransaction.requiringNew().call(ProductionContract::active).id;
        List<FeatureVector> bars = featureStore.featuresBetween(LIVE_FROM.atStartOfDay().toInstant(ZoneOffset.UTC),
                LIVE_UNTIL);
        for (int t = 0; t < 120; t++) { // long, flat, short in turns of 20 bars
            int position = (t / 20) % 3 - 1;
            FeatureVector b = bars.get(t);
            fx.sql("insert into signals (model_id, ts, raw_action, signal, position_after, reason, latency_micros,"
                    + " contract_id, feature_ts, feature_contract_version, shadow)"
                    + " values (?, ?, ?, ?, ?, 'OK', 250, ?, ?, ?, false)", m.id(), Timestamp.from(b.ts()),
                    position * 0.8, position, position, contract, Timestamp.from(b.ts()),
                    featureStore.contractVersion());
        }

        try (Browser alice = Browser.loggedIn(base, DemoUsers.REVIEWER)) {
            alice.go("#/production");
            alice.visibleWithText(By.id("production-model"), m.id());
            alice.visibleWithText(By.id("live-performance"), "120 signals");
            alice.visible(By.cssSelector("#live-equity-chart .uplot"));
            alice.visible(By.cssSelector("#backtest-equity-chart"));
            // the live chart by bar index (nights and weekends take no room), its axes read each tick once and its
            // y labels fit; so do the other charts of the page
            List<ChartAxes.Axis> live = ChartAxes.assertReadable(alice, "#live-equity-chart[data-axes]", 1);
            ChartAxes.Axis liveX = ChartAxes.x(live, "live-equity-chart");
            assertFalse(liveX.time(), liveX::toString);
            assertTrue(!liveX.shown().isEmpty() && liveX.shown().get(0).equals("2025-06-02")
                    && liveX.shown().stream().allMatch(l -> l.matches("20[0-9]{2}-[0-9]{2}-[0-9]{2}")),
                    "a date at the first bar of each day shown: " + liveX.labels());
            assertTrue(ChartAxes.y(live, "live-equity-chart").shown().stream().allMatch(l -> l.endsWith(" %")),
                    live::toString);
            ChartAxes.assertReadable(alice, "[data-axes]", 1);
            alice.visibleWithText(By.id("live-performance"), "Hit rate");
            alice.visibleWithText(By.id("drift"), "log_ret_5m");
            int featureRows = alice.driver().findElements(By.cssSelector("#drift table tbody tr")).size();
            assertEquals(config.featureContract().marketFeatureNames().size(), featureRows);
            assertTrue(alice.visible(By.id("drift-level")).getText().matches("OK|WARN|ALERT|INSUFFICIENT_DATA"));
            alice.visibleWithText(By.id("drift"), "PSI ≥ " + config.monitoring().psiWarn());
            alice.visible(By.id("alerts"));
            assertTrue(alice.driver().findElements(By.id("run-monitoring")).isEmpty(), "reviewers cannot run it");
            alice.screenshot("production-monitoring");
        }

        try (Browser carol = Browser.loggedIn(base, DemoUsers.ADMIN)) {
            carol.go("#/production");
            carol.until(ExpectedConditions.elementToBeClickable(By.id("run-monitoring")), "the run button").click();
            carol.visibleWithText(By.id("monitoring-result"), "drift report(s)");
        }
        assertTrue(fx.count("select count(*) from drift_reports where model_id = ?", m.id()) == 1);
    }
}
