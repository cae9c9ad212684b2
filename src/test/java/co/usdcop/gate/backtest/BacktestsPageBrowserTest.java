package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.ChartAxes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A researcher runs a backtest from the Backtests page, watches it finish and reads its result with the round trips
 * marked on the price chart; a reviewer compares two backtests side by side.
 */
@QuarkusTest
class BacktestsPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoSeeder demo;

    @Inject
    SyntheticMarkets markets;

    @Inject
    BacktestStore store;

    @Inject
    BacktestJobs jobs;

    private void demoModelsAndJuly2025() {
        demo.seed();
        markets.july2025();
    }

    private BacktestSummary backtest(String model, LocalDate from, LocalDate to) {
        BacktestJob job = jobs.submit(model, null, from, to, "rita");
        jobs.progress(job.id()).collect().asList().await().atMost(Duration.ofSeconds(90));
        return store.get(job.id());
    }

    @Test
    void theModelPickerSearchesTheRegistryOnTheServer() {
        demo.seed();
        try (Browser browser = Browser.loggedIn(base, "rita")) {
            browser.go("#/backtests");
            browser.until(d -> !d.findElements(By.cssSelector("#bt-model option[value='" + DemoPolicies.MOMENTUM
                    + "']")).isEmpty(), "the first page of models");

            browser.visible(By.id("bt-model-search")).sendKeys("demo-o");
            browser.until(d -> d.findElements(By.cssSelector("#bt-model option")).size() == 1
                    && !d.findElements(By.cssSelector("#bt-model option[value='" + DemoPolicies.OPENING_GAP + "']"))
                    .isEmpty(), "only the model whose id starts with demo-o");
            assertEquals("1 match", browser.visible(By.id("bt-model-count")).getText());

            browser.visible(By.id("bt-model-search")).sendKeys("-nothing");
            browser.until(d -> d.findElements(By.cssSelector("#bt-model option")).isEmpty(), "no match");
            browser.visible(By.id("bt-model-search")).clear();
            new Select(browser.visible(By.id("bt-model-stage"))).selectByValue("production");
            browser.until(d -> d.findElements(By.cssSelector("#bt-model option")).stream()
                    .noneMatch(o -> o.getText().startsWith("demo-") && !o.getText().contains("[production]")),
                    "only production models");
        }
    }

    @Test
    void aResearcherRunsABacktestAndReadsItsSignedResult() {
        demoModelsAndJuly2025();

        try (Browser browser = Browser.loggedIn(base, "rita")) {
            browser.go("#/backtests");

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
            // every axis reads each tick once, every y label fits its axis, the position strip reads −1 / 0 / +1
            List<ChartAxes.Axis> axes = ChartAxes.assertReadable(browser, "#bt-price-chart[data-axes],"
                    + " #bt-equity-chart[data-axes], #bt-position-chart[data-axes], #bt-drawdown-chart[data-axes]", 4);
            assertEquals(List.of("−1", "0", "+1"), ChartAxes.y(axes, "bt-position-chart").shown());
            assertTrue(ChartAxes.y(axes, "bt-drawdown-chart").shown().stream().allMatch(l -> l.endsWith(" %")),
                    "drawdown ticks keep their unit: " + ChartAxes.y(axes, "bt-drawdown-chart").labels());
            // the closes with an entry and an exit marker per round trip (all of them: fewer than 500)
            browser.visible(By.cssSelector("#bt-price-chart canvas"));
            assertEquals(String.valueOf(2 * stored.tradeCount()),
                    browser.visible(By.id("bt-price-chart")).getDomAttribute("data-markers"));
            String note = browser.visible(By.id("bt-price-note")).getText();
            assertTrue(note.contains(stored.tradeCount() + " round trip(s) marked"), note);
            assertTrue(browser.visible(By.cssSelector("#bt-price .marker-legend")).getText().contains("short entry"));
            if (stored.tradeCount() > 0) {
                browser.visibleWithText(By.cssSelector("#bt-trades table tbody"), "USD");
            }
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                    "document.getElementById('bt-price').scrollIntoView()");
            browser.screenshot("backtest-detail");
            assertNoConsoleError(browser);
        }
    }

    @Test
    void aCustomPeriodOverlappingTheTrainingDataIsRefusedAndAnotherRunsWithItsBarCountFromTheStart() {
        demoModelsAndJuly2025();

        try (Browser browser = Browser.loggedIn(base, "rita")) {
            browser.go("#/backtests?model=" + DemoPolicies.MOMENTUM);
            browser.until(d -> !d.findElements(By.cssSelector("#bt-model option[value='" + DemoPolicies.MOMENTUM
                    + "']")).isEmpty(), "the model list");
            new Select(browser.visible(By.id("bt-preset"))).selectByValue("custom");
            setDate(browser, "bt-from", "2024-12-01");
            setDate(browser, "bt-to", "2025-07-11");
            browser.visibleWithText(By.id("bt-period-note"), "overlaps the training data of this model (train: 2023-01-02 to 2024-12-31)");
            assertTrue(browser.visible(By.id("bt-run")).getDomProperty("disabled").equals("true"), "no run in sample");
            browser.screenshot("backtest-custom-refused");

            setDate(browser, "bt-from", "2025-07-01");
            browser.visibleWithText(By.id("bt-period-note"), "bars with features; out of sample");
            String note = browser.visible(By.id("bt-period-note")).getText();
            long bars = Long.parseLong(note.replaceAll(".*: ([0-9,]+) bars with features.*", "$1").replace(",", ""));
            assertTrue(bars > 0, note);
            // every status the progress line shows, from the first one on
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                    "window.statuses = []; new MutationObserver(() => { const s = document.getElementById('bt-status');"
                            + " if (s) window.statuses.push(s.textContent); }).observe(document.getElementById('bt-progress'),"
                            + " {subtree: true, childList: true, characterData: true});");
            browser.visible(By.id("bt-run")).click();
            browser.until(d -> d.getCurrentUrl().matches(".*#/backtests/[0-9a-f-]{36}$"), "the finished backtest");
            String id = browser.driver().getCurrentUrl().replaceAll(".*#/backtests/", "");
            BacktestSummary stored = store.get(UUID.fromString(id));
            assertEquals(LocalDate.of(2025, 7, 1), stored.periodStart());
            assertEquals(LocalDate.of(2025, 7, 11), stored.periodEnd());
            @SuppressWarnings("unchecked")
            java.util.List<String> statuses = (java.util.List<String>) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("return window.statuses || [];");
            assertTrue(!statuses.isEmpty() && statuses.get(0).contains("of " + String.format(java.util.Locale.US, "%,d", bars) + " bars"),
                    statuses.toString());
            assertTrue(statuses.stream().noneMatch(t -> t.contains("of 0 bars")), statuses.toString());
            assertNoConsoleError(browser);
        }
    }

    /** Types a date into an input type=date through its value, as the date picker would, and fires change. */
    private static void setDate(Browser browser, String id, String isoDate) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "const i = document.getElementById(arguments[0]); i.value = arguments[1];"
                        + " i.dispatchEvent(new Event('change'));", id, isoDate);
    }

    @Test
    void aReviewerComparesTwoBacktestsSideBySide() {
        demoModelsAndJuly2025();
        LocalDate from = LocalDate.of(2025, 7, 1);
        LocalDate to = LocalDate.of(2025, 7, 11);
        BacktestSummary a = backtest(DemoPolicies.MOMENTUM, from, to);
        BacktestSummary b = backtest(DemoPolicies.MEAN_REVERSION, from, to);
        BacktestSummary c = backtest(DemoPolicies.MOMENTUM, LocalDate.of(2025, 7, 7), to);
        assertTrue(a.metrics().totalReturn() != b.metrics().totalReturn(), "two policies, two results");

        try (Browser browser = Browser.loggedIn(base, "alice")) {
            // from a backtest's page: compare with a backtest of another model
            browser.go("#/backtests/" + a.id());
            browser.until(d -> !d.findElements(By.cssSelector("#cmp-model option[value='" + DemoPolicies.MEAN_REVERSION
                    + "']")).isEmpty(), "the models to compare with");
            new Select(browser.visible(By.id("cmp-model"))).selectByValue(DemoPolicies.MEAN_REVERSION);
            browser.until(d -> !d.findElements(By.cssSelector("#cmp-other option[value='" + b.id() + "']")).isEmpty(),
                    "the backtests of the other model");
            new Select(browser.visible(By.id("cmp-other"))).selectByValue(b.id().toString());
            browser.visible(By.id("cmp-go")).click();
            browser.until(d -> d.getCurrentUrl().contains("#/backtests/compare?"), "the comparison");

            assertEquals(a.signature(), browser.visible(By.id("cmp-signature-a")).getText());
            assertEquals(b.signature(), browser.visible(By.id("cmp-signature-b")).getText());
            String inputs = browser.visible(By.id("cmp-inputs")).getText();
            assertTrue(inputs.contains(DemoPolicies.MOMENTUM) && inputs.contains(DemoPolicies.MEAN_REVERSION), inputs);
            // total return: B − A in percentage points, marked as a difference
            double pp = (b.metrics().totalReturn() - a.metrics().totalReturn()) * 100;
            String expected = (pp > 0 ? "+" : "−") + String.format(java.util.Locale.US, "%,.2f", Math.abs(pp)) + " pp";
            var totalReturn = browser.visible(By.cssSelector("#cmp-metrics tr[data-metric='totalReturn']"));
            assertTrue(totalReturn.getDomAttribute("class").contains("changed"), totalReturn.getDomAttribute("class"));
            assertEquals(expected, totalReturn.findElement(By.cssSelector(".delta")).getText());
            browser.visible(By.cssSelector("#cmp-equity-chart canvas"));
            ChartAxes.assertReadable(browser, "#cmp-equity-chart[data-axes], #cmp-drawdown-chart[data-axes]", 2);
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                    "document.getElementById('cmp-metrics').scrollIntoView()");
            browser.screenshot("backtest-compare");

            // from a model's list: tick two backtests of the same model
            browser.go("#/backtests?model=" + DemoPolicies.MOMENTUM);
            browser.until(d -> d.findElements(By.cssSelector("input.bt-pick")).size() >= 2, "the list with checkboxes");
            browser.visible(By.cssSelector("input.bt-pick[value='" + a.id() + "']")).click();
            browser.visible(By.cssSelector("input.bt-pick[value='" + c.id() + "']")).click();
            browser.visible(By.id("bt-compare")).click();
            browser.until(d -> d.getCurrentUrl().contains("#/backtests/compare?"), "the second comparison");
            browser.until(d -> !d.findElements(By.id("cmp-signature-b")).isEmpty()
                    && d.findElement(By.id("cmp-signature-b")).getText().equals(c.signature()), "backtest C as B");
            assertEquals(a.signature(), browser.visible(By.id("cmp-signature-a")).getText());
            String period = browser.visible(By.cssSelector("#cmp-inputs tbody tr.changed")).getText();
            assertTrue(period.contains("Period"), period);
            assertNoConsoleError(browser);
        }
    }

    private static void assertNoConsoleError(Browser browser) {
        var console = browser.consoleMessages();
        // the OIDC login page asks for /favicon.ico; the dashboard itself must log no error
        assertTrue(console.stream().noneMatch(m -> m.contains("SEVERE") && !m.contains("favicon.ico")),
                console.toString());
    }
}
