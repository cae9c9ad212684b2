package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.promotion.PromotionService;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A researcher proposes from a backtest's page after reading the criteria against the thresholds in force; the
 * proposal page leads a reviewer into the comparison of the candidate with the production model on the same period.
 */
@QuarkusTest
class ProposeAndCompareBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @Inject
    SyntheticMarkets markets;

    @Inject
    GateConfig config;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    @Test
    void aWhatIfRunFromTheFormShowsItsCostMultiplierAndOffersNoProposal() {
        markets.july2025();
        TestModel m = fx.register("web-what-if", DemoUsers.RESEARCHER);
        double bps = config.backtest().transactionCostBps();

        try (Browser rafael = Browser.loggedIn(base, DemoUsers.RESEARCHER_2)) {
            rafael.go("#/backtests?model=" + m.id());
            rafael.until(d -> !d.findElements(By.cssSelector("#bt-model option[value='" + m.id() + "']")).isEmpty(),
                    "the model in the picker");
            new Select(rafael.visible(By.id("bt-preset"))).selectByValue("custom");
            setDate(rafael, "bt-from", "2025-07-01");
            setDate(rafael, "bt-to", "2025-07-11");
            rafael.visibleWithText(By.id("bt-period-note"), "bars with features; out of sample");
            WebElement multiplier = rafael.visible(By.id("bt-cost-multiplier"));
            // outside the configured bounds: refused on the page, naming them
            multiplier.clear();
            multiplier.sendKeys(String.valueOf(config.backtest().costMultiplierMax() + 1));
            rafael.visibleWithText(By.id("bt-cost-note"), "must be between " + fmt(config.backtest().costMultiplierMin())
                    + " and " + fmt(config.backtest().costMultiplierMax()));
            assertEquals("true", rafael.visible(By.id("bt-run")).getDomProperty("disabled"));
            multiplier.clear();
            multiplier.sendKeys("2");
            rafael.visibleWithText(By.id("bt-cost-note"), "What-if run");
            rafael.until(d -> "false".equals(d.findElement(By.id("bt-run")).getDomProperty("disabled")),
                    "the run button enabled at ×2");
            rafael.visible(By.id("bt-run")).click();
            rafael.until(d -> d.getCurrentUrl().matches(".*#/backtests/[0-9a-f-]{36}$"), "the finished backtest");
            String id = rafael.driver().getCurrentUrl().replaceAll(".*#/backtests/", "");

            // stored at twice the configured cost, and said so on its page
            assertEquals("2", fx.text("select cost_multiplier from backtest_results where id = ?::uuid", id));
            assertEquals(2 * bps, Double.parseDouble(fx.text("select cost_model ->> 'transactionCostBps' from"
                    + " backtest_results where id = ?::uuid", id)));
            String costs = rafael.visible(By.id("bt-costs")).getText();
            assertTrue(costs.contains(fmt(2 * bps) + " bps") && costs.contains("×2") && costs.contains("what-if"),
                    costs);
            assertTrue(rafael.visible(By.id("bt-identity")).getText().contains("what-if cost ×2"));
            // no way to propose it, and the page says why
            String why = rafael.visible(By.id("propose-what-if")).getText();
            assertTrue(why.contains("cost multiplier ×2") && why.contains("can never back a promotion proposal")
                    && why.contains("standard cost"), why);
            assertTrue(rafael.driver().findElements(By.id("propose-form")).isEmpty(), "no propose form");
            assertTrue(rafael.driver().findElements(By.id("propose-submit")).isEmpty(), "no propose button");
            rafael.screenshot("backtest-what-if");

            // the model's list shows the multiplier beside the standard runs
            rafael.go("#/backtests?model=" + m.id());
            rafael.visibleWithText(By.cssSelector("#bt-list [data-multiplier='2']"), "what-if ×2");
        }
        assertEquals(0, fx.count("select count(*) from promotion_proposals where model_id = ?", m.id()));
    }

    /** A number as the dashboard writes it: at most two decimals, no trailing zeros beyond them (2.5, 5, 0.5). */
    private static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Types a date into an input type=date through its value, as the date picker would, and fires change. */
    private static void setDate(Browser browser, String id, String isoDate) {
        ((JavascriptExecutor) browser.driver()).executeScript(
                "const i = document.getElementById(arguments[0]); i.value = arguments[1];"
                        + " i.dispatchEvent(new Event('change'));", id, isoDate);
    }

    @Test
    void proposeForProductionShowsTheCriteriaFirstThenTheProposalComparesWithProduction() {
        TestModel old = fx.promoted("web-cmp-old");
        fx.backtest(old, true, true, 1.0); // production's backtest under the candidate's conditions
        TestModel fresh = fx.stagedDaysAgo("web-cmp-new", 8);
        UUID candidate = fx.goodBacktest(fresh);

        String proposalUrl;
        try (Browser rafael = Browser.loggedIn(base, DemoUsers.RESEARCHER_2)) {
            rafael.go("#/backtests/" + candidate);
            rafael.visible(By.id("propose-form"));
            new Select(rafael.visible(By.id("propose-stage"))).selectByValue("production");
            rafael.visibleWithText(By.id("propose-compared"), old.id());
            rafael.visibleWithText(By.id("propose-staging-rule"), "Production needs 7 days in staging");
            // robustness criteria are off in this profile: the preview lists only the classic criteria
            assertTrue(rafael.driver().findElements(By.id("propose-robustness")).isEmpty());
            String sharpe = rafael.visible(By.cssSelector("#propose-preview tr[data-criterion='min_sharpe']")).getText();
            assertTrue(sharpe.contains("1.50") && sharpe.contains("pass"), "the backtest's Sharpe 1.5 passes: " + sharpe);
            assertTrue(rafael.visible(By.cssSelector("#propose-preview tr[data-criterion='min_staging_days']")).getText()
                    .contains("pass"));

            rafael.visible(By.id("propose-reason")).sendKeys("too short");
            rafael.visibleWithText(By.id("propose-reason-count"), "9 / at least");
            assertEquals("true", rafael.visible(By.id("propose-submit")).getDomProperty("disabled"));
            rafael.visible(By.id("propose-reason")).sendKeys(" — beats production out of sample on the test period");
            rafael.until(d -> "false".equals(d.findElement(By.id("propose-submit")).getDomProperty("disabled")),
                    "the Propose button enabled once the reason is long enough");
            rafael.screenshot("propose-preview");
            rafael.visible(By.id("propose-submit")).click();
            rafael.until(d -> d.getCurrentUrl().matches(".*#/proposals/[0-9a-f-]{36}$"), "the new proposal's page");
            proposalUrl = rafael.driver().getCurrentUrl();
            // the preview showed the threshold and its source exactly as the proposal recorded them
            JsonPath stored = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { proposal(id: $id) {"
                    + " criteria { name threshold source } } }", Map.of("id", proposalUrl.replaceAll(".*#/proposals/", "")));
            assertEquals(1, stored.getList("data.proposal.criteria.findAll { it.name == 'min_sharpe' }").size(), stored.prettify());
            double threshold = stored.getDouble("data.proposal.criteria.find { it.name == 'min_sharpe' }.threshold");
            String source = stored.getString("data.proposal.criteria.find { it.name == 'min_sharpe' }.source");
            assertTrue(sharpe.contains(String.format(java.util.Locale.US, "≥ %.2f", threshold)) && sharpe.contains(source),
                    sharpe + " vs stored " + threshold + " from " + source);
        }

        try (Browser alice = Browser.loggedIn(base, DemoUsers.REVIEWER)) {
            alice.go(proposalUrl.substring(proposalUrl.indexOf('#')));
            alice.visible(By.id("proposal-compare-link")).click();
            alice.until(d -> d.getCurrentUrl().contains("#/backtests/compare?"), "the comparison");
            alice.visibleWithText(By.id("cmp-inputs"), old.id());
            alice.visibleWithText(By.id("cmp-inputs"), fresh.id());
            assertTrue(alice.driver().getCurrentUrl().contains("b=" + candidate), alice.driver().getCurrentUrl());
            alice.visible(By.cssSelector("#cmp-equity-chart canvas"));
            alice.visible(By.cssSelector("#cmp-drawdown-chart canvas"));
            alice.visible(By.cssSelector("#cmp-metrics tr[data-metric='sharpe'] .delta"));
            alice.screenshot("compare-candidate-production");
        }
    }
}
