package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.promotion.PromotionService;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The lineage graph laid out in ranks (every relation points right), its nodes opening their pages, pan and zoom; a
 * user without roles sees only what they may read; the pending badge counts what the signed-in reviewer can vote on.
 */
@QuarkusTest
class LineageAndRolesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @BeforeEach
    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    @Test
    void lineageIsLayeredLeftToRightAndItsNodesOpenTheirPages() {
        TestModel m = fx.staged("web-lineage"); // experiment, artifacts, model, backtest, staging proposal, auto vote
        UUID backtest = fx.goodBacktest(m);

        try (Browser alice = Browser.loggedIn(base, DemoUsers.REVIEWER)) {
            alice.go("#/model/" + m.id());
            List<WebElement> nodes = alice.until(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("#model-lineage g.lineage-node"));
                return found.stream().anyMatch(n -> "vote".equals(n.getDomAttribute("data-kind"))) ? found : null;
            }, "the lineage with its vote");
            Map<String, Double> x = new HashMap<>();
            for (WebElement n : nodes) {
                String t = n.getDomAttribute("transform");
                x.put(n.getDomAttribute("data-id"), Double.parseDouble(t.substring(t.indexOf('(') + 1, t.indexOf(','))));
            }
            List<WebElement> edges = alice.driver().findElements(By.cssSelector("#model-lineage g.lineage-edge"));
            assertTrue(edges.size() >= nodes.size() - 1, "a connected graph");
            for (WebElement e : edges) {
                String from = e.getDomAttribute("data-from");
                String to = e.getDomAttribute("data-to");
                assertTrue(x.get(from) < x.get(to), from + " must be left of " + to + " (" + x + ")");
            }
            alice.screenshot("lineage-layered");

            WebElement svg = alice.visible(By.cssSelector("#model-lineage svg.lineage-graph"));
            String before = svg.getDomAttribute("viewBox");
            alice.visible(By.cssSelector("#model-lineage .lineage-zoom-in")).click();
            alice.until(d -> !before.equals(svg.getDomAttribute("viewBox")), "the zoomed view");
            alice.visible(By.cssSelector("#model-lineage .lineage-fit")).click();

            alice.visible(By.cssSelector("#model-lineage g.lineage-node[data-kind='norm_stats']")).click();
            alice.visibleWithText(By.id("lineage-selected"), "Norm stats");
            alice.visible(By.cssSelector("#model-lineage g.lineage-node[data-id='backtest:" + backtest + "']")).click();
            alice.until(d -> d.getCurrentUrl().endsWith("#/backtests/" + backtest), "the backtest's page");
            alice.visible(By.id("bt-signature"));
            alice.driver().navigate().back();
            alice.visible(By.cssSelector("#model-lineage g.lineage-node[data-kind='vote']")).click();
            alice.until(d -> d.getCurrentUrl().matches(".*#/proposals/[0-9a-f-]{36}$"), "the vote's proposal");
        }
    }

    @Test
    void aUserWithoutRolesSeesOnlyWhatTheyMayRead() {
        try (Browser nina = Browser.loggedIn(base, DemoUsers.NO_ROLE)) {
            List<String> nav = nina.driver().findElements(By.cssSelector("#nav a")).stream()
                    .filter(WebElement::isDisplayed).map(a -> a.getText().trim()).toList();
            assertEquals(List.of("Market"), nav);
            assertTrue(nina.driver().findElements(By.cssSelector("main .section-link")).stream()
                    .allMatch(a -> a.getDomAttribute("href").equals("#/market")), "the overview offers the Market only");
            nina.go("#/backtests");
            nina.visibleWithText(By.id("page-not-for-roles"), "Ask an administrator for a role");
            assertTrue(nina.driver().findElements(By.id("bt-form")).isEmpty(), "no Run form");
            assertTrue(nina.driver().findElements(By.cssSelector(".banner-error")).isEmpty(), "no FORBIDDEN banner");
            nina.screenshot("no-role-backtests");
            nina.go("#/market");
            nina.visible(By.cssSelector("main h1"));
            assertTrue(nina.driver().findElements(By.cssSelector(".banner-error[data-code='FORBIDDEN']")).isEmpty());
            assertFalse(nina.driver().findElement(By.id("pending-badge")).isDisplayed());
        }
    }

    @Test
    void thePendingBadgeCountsWhatTheReviewerCanStillVoteOn() {
        TestModel a = fx.stagedDaysAgo("web-badge-a", 8);
        TestModel b = fx.stagedDaysAgo("web-badge-b", 8);
        String first = fx.pendingProductionProposal(a);
        fx.pendingProductionProposal(b);
        JsonPath hold = PromotionFixtures.vote(DemoUsers.REVIEWER, first, "REQUEST_MORE_TESTS", null,
                "Please add the validation period", null);
        assertNull(hold.get("errors"), hold::prettify);

        try (Browser alice = Browser.loggedIn(base, DemoUsers.REVIEWER)) {
            alice.visibleWithText(By.id("pending-badge"), "1");
        }
        try (Browser bob = Browser.loggedIn(base, DemoUsers.REVIEWER_2)) {
            bob.visibleWithText(By.id("pending-badge"), "2");
        }
        try (Browser rafael = Browser.loggedIn(base, DemoUsers.RESEARCHER_2)) {
            rafael.visible(By.cssSelector("main h1"));
            assertFalse(rafael.driver().findElement(By.id("pending-badge")).isDisplayed(), "researchers do not vote");
        }
    }
}
