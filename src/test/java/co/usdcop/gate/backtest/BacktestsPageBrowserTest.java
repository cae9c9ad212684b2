package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** A researcher runs a backtest from the Backtests page, watches it finish and reads its result. */
@QuarkusTest
class BacktestsPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoSeeder demo;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    GateConfig config;

    @Inject
    BacktestStore store;

    @Test
    void aResearcherRunsABacktestAndReadsItsSignedResult() {
        demo.seed();
        var generated = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.of(2025, 7, 1), Instant.parse("2025-07-12T00:00:00Z"));
        ingestion.ingestGenerated(generated.bars(), generated.macro(), SyntheticMarketGenerator.SOURCE);

        try (Browser browser = Browser.open(base)) {
            browser.go("#/backtests");
            browser.visible(By.id("login-button")).click();
            browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[name='predefined-rita']")),
                    "the OIDC login page").click();
            browser.until(d -> d.getCurrentUrl().contains("#/backtests"), "the Backtests page after login");

            browser.until(d -> !d.findElements(By.cssSelector("#bt-model option[value='" + DemoPolicies.MOMENTUM
                    + "']")).isEmpty(), "the model list");
            new Select(browser.visible(By.id("bt-model"))).selectByValue(DemoPolicies.MOMENTUM);
            new Select(browser.visible(By.id("bt-preset"))).selectByValue("test");
            browser.visible(By.id("bt-run")).click();

            browser.until(d -> d.getCurrentUrl().matches(".*#/backtests/[0-9a-f-]{36}$"), "the finished backtest");
            String id = browser.driver().getCurrentUrl().replaceAll(".*#/backtests/", "");
            BacktestSummary stored = store.get(UUID.fromString(id));
            assertEquals(stored.signature(), browser.visible(By.id("bt-signature")).getText());
            String identity = browser.visible(By.id("bt-identity")).getText();
            assertTrue(identity.contains("out of sample") && identity.contains("verified"), identity);
            String metrics = browser.visible(By.id("bt-metrics")).getText();
            assertTrue(metrics.contains("Sharpe (daily, ×√252)") && metrics.contains("USD"), metrics);
            browser.visible(By.cssSelector("#bt-equity-chart canvas"));
            browser.visible(By.cssSelector("#bt-drawdown-chart canvas"));
            if (stored.tradeCount() > 0) {
                browser.visibleWithText(By.cssSelector("#bt-trades table tbody"), "USD");
            }
            browser.screenshot("backtest-detail");
            var console = browser.consoleMessages();
            // the OIDC login page asks for /favicon.ico; the dashboard itself must log no error
            assertTrue(console.stream().noneMatch(m -> m.contains("SEVERE") && !m.contains("favicon.ico")),
                    console.toString());
        }
    }
}
