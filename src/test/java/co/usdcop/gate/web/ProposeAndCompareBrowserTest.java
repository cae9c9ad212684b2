package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
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
