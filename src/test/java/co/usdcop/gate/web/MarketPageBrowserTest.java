package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.ChartAxes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The Market page in a real headless Chromium, logged in as a researcher (dates in May 2022 belong to this class). */
@QuarkusTest
class MarketPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    GateConfig config;

    @Test
    void candlesFeaturesQualityUploadErrorsAndExport() throws Exception {
        var slice = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.parse("2022-05-02"), Instant.parse("2022-05-07T00:00:00Z"));
        ingestion.ingestGenerated(slice.bars(), slice.macro(), SyntheticMarketGenerator.SOURCE);
        Path bad = Files.createTempFile("bars", ".csv");
        // one row with two problems (high below the open, negative volume): one invalid row, each problem listed once
        Files.writeString(bad, "timestamp,open,high,low,close,volume\n2022-05-09T13:00:00Z,4000,3990,3980,3995,-1\n");
        try (Browser browser = Browser.loggedIn(base, "rita")) {

            browser.go("#/market?from=2022-05-02&to=2022-05-06");
            browser.visible(By.id("candles"));
            browser.visibleWithText(By.cssSelector("#market-chart h2"), "synthetic");
            browser.visibleWithText(By.id("market-quality"), "Macro series freshness");
            browser.until(d -> d.findElements(By.cssSelector("#market-features .feature-panel canvas")).size() >= 7,
                    "seven feature panels drawn");
            // the candles and the seven panels: no tick label twice on any axis, every y label fits its axis
            List<ChartAxes.Axis> axes = ChartAxes.assertReadable(browser, "[data-axes]", 8);
            ChartAxes.Axis quality = ChartAxes.y(axes, "dataQualityScore");
            assertEquals(0.0, quality.min(), "the quality axis starts at 0: " + quality);
            assertEquals(1.0, quality.max(), "the quality axis ends at 1: " + quality);
            assertTrue(quality.shown().stream().mapToDouble(Double::parseDouble).allMatch(v -> v >= 0 && v <= 1),
                    quality.labels()::toString);
            // the panels are drawn by bar index, like the candles: their x axis marks dates, not a time scale
            ChartAxes.Axis panelX = ChartAxes.x(axes, "dataQualityScore");
            assertFalse(panelX.time(), panelX::toString);
            assertTrue(!panelX.shown().isEmpty() && panelX.shown().stream().allMatch(l -> l.matches("2022-05-0[2-6]")),
                    panelX.labels()::toString);
            browser.screenshot("market-page");

            browser.driver().findElement(By.id("upload-file")).sendKeys(bad.toString());
            browser.driver().findElement(By.cssSelector("#upload-form button[type='submit']")).click();
            browser.visibleWithText(By.id("upload-errors"), "high 3990.0 is below max(open, close)");
            browser.visibleWithText(By.cssSelector("#upload-errors tbody td[data-col='row']"), "2");
            browser.visibleWithText(By.cssSelector("#upload-result .banner-error"), "VALIDATION");
            String banner = browser.visible(By.cssSelector("#upload-result .banner-message")).getText();
            assertTrue(banner.contains("1 invalid row(s) with 2 problem(s)"), banner);
            assertTrue(!banner.contains("3990"), "the problems are listed in the table only: " + banner);
            assertEquals(2, browser.driver().findElements(By.cssSelector("#upload-errors tbody tr")).size());

            browser.driver().findElement(By.id("exportDataset-button")).click();
            browser.visibleWithText(By.id("export-result"), "dataset_hash");
            browser.screenshot("market-export");
            assertTrue(browser.consoleMessages().stream().noneMatch(m -> m.contains("SEVERE") && !m.contains("favicon")
                    && !m.contains("/api/market/bars.csv")), browser.consoleMessages()::toString);
        } finally {
            Files.deleteIfExists(bad);
        }
    }
}
