package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.inference.InferenceService;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.promotion.PromotionService;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Production page's live panels in Chromium: an admin sees the production and shadow signals (live and replay,
 * the replay rows marked), trips the kill switch with a reason and sees it tripped; a second admin approves a reset.
 */
@QuarkusTest
class ProductionPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService promotions;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    FeatureStore featureStore;

    @Inject
    InferenceService inference;

    @Inject
    GateConfig config;

    @AfterEach
    void cleanUp() {
        fx.sql("update kill_switch set tripped = false, reason = null, tripped_by = null, tripped_at = null,"
                + " version = version + 1 where id = 1 and tripped");
        fx.closeOpenProposals(promotions);
    }

    @Test
    void adminSeesLiveAndShadowSignalsAndTripsTheKillSwitch() throws Exception {
        // the market page test's slice (same ingestion, so idempotent whichever runs first)
        var slice = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.parse("2022-05-02"), Instant.parse("2022-05-07T00:00:00Z"));
        ingestion.ingestGenerated(slice.bars(), slice.macro(), SyntheticMarketGenerator.SOURCE);
        TestModel prod = fx.promoted("web-live-p");
        TestModel shadow = fx.staged("web-live-s");
        List<FeatureVector> bars = featureStore.featuresBetween(Instant.parse("2022-05-05T15:00:00Z"),
                Instant.parse("2022-05-05T15:10:00Z"));
        for (FeatureVector bar : bars) {
            inference.tick(bar.ts().plus(Duration.ofMinutes(config.market().barMinutes())).plusSeconds(10));
        }
        JsonPath started = GraphQL.as(DemoUsers.ADMIN, "mutation { startReplay(from: \"2022-05-04T14:00:00Z\","
                + " to: \"2022-05-04T14:10:00Z\", speed: 1000000) { state } }");
        assertNull(started.get("errors"), started::prettify);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!"FINISHED".equals(GraphQL.as(DemoUsers.ADMIN, "{ replayStatus { state } }")
                .getString("data.replayStatus.state"))) {
            assertTrue(System.nanoTime() < deadline, "the replay of three bars never finished");
            Thread.sleep(50);
        }

        try (Browser carol = Browser.loggedIn(base, DemoUsers.ADMIN)) {
            carol.go("#/production");
            carol.visibleWithText(By.id("production-model"), prod.id());
            carol.visibleWithText(By.id("production-signals-body"), prod.id());
            carol.visibleWithText(By.id("production-signals-body"), "replay");
            assertTrue(carol.present(By.cssSelector("#production-signals-body tr.replay-row")), "replay rows marked");
            carol.visibleWithText(By.id("shadow-models-body"), shadow.id());
            carol.visibleWithText(By.id("replay-state"), "FINISHED");
            carol.visibleWithText(By.id("kill-switch-state"), "not tripped");

            assertTrue(carol.visible(By.id("kill-switch-trip")).getAttribute("disabled") != null,
                    "trip stays disabled until the reason is long enough");
            carol.visible(By.id("kill-switch-reason")).sendKeys("Broker outage, stop all trading now");
            carol.until(ExpectedConditions.elementToBeClickable(By.id("kill-switch-trip")), "an enabled trip").click();
            carol.visibleWithText(By.id("kill-switch-state"), "TRIPPED");
            carol.visibleWithText(By.id("kill-switch-reason-shown"), "Broker outage, stop all trading now");
            carol.visible(By.id("kill-switch-reset-reason")).sendKeys("Broker is back, fills checked");
            carol.until(ExpectedConditions.elementToBeClickable(By.id("kill-switch-reset")), "the reset approval").click();
            carol.visibleWithText(By.id("kill-switch-pending"), "a different admin must confirm");
            carol.visibleWithText(By.id("kill-switch-form"), "You approved the reset");
            carol.screenshot("production-live-panels");
        }
        assertEquals(1, fx.count("select count(*) from kill_switch where tripped and reason = ?",
                "Broker outage, stop all trading now"));
        JsonPath state = GraphQL.as(DemoUsers.REVIEWER, "{ killSwitch { tripped pendingResetBy } }");
        assertTrue(state.getBoolean("data.killSwitch.tripped"), state::prettify);

        try (Browser alice = Browser.loggedIn(base, DemoUsers.REVIEWER)) {
            alice.go("#/production");
            alice.visibleWithText(By.id("kill-switch-state"), "TRIPPED");
            assertTrue(alice.driver().findElements(By.id("kill-switch-reset")).isEmpty(), "no kill-switch form for a reviewer");
            assertTrue(alice.driver().findElements(By.id("replay-start")).isEmpty(), "no replay controls for a reviewer");
        }
    }
}
