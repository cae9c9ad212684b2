package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Researcher proposes → reviewer approves in the browser → Production page shows the model → admin rolls back. */
@QuarkusTest
class PromotionPagesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PromotionFixtures fx;

    @org.junit.jupiter.api.AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    @Inject
    co.usdcop.gate.promotion.PromotionService service;

    private static Browser login(URL base, String user) {
        return Browser.loggedIn(base, user);
    }

    @Test
    void proposeApproveInTheDashboardThenRollBack() {
        // an earlier production model, so there is something to roll back to
        TestModel old = fx.stagedDaysAgo("web-old", 8);
        JsonPath first = PromotionFixtures.vote(DemoUsers.REVIEWER_2, fx.pendingProductionProposal(old), "APPROVE",
                PromotionFixtures.FULL_CHECKLIST, "baseline", null);
        assertNull(first.get("errors"), first::prettify);
        // the researcher proposes the new model; the production model has a backtest on the same period to compare with
        fx.backtest(old, true, true, 1.0);
        TestModel fresh = fx.stagedDaysAgo("web-new", 8);
        JsonPath proposed = PromotionFixtures.propose(DemoUsers.RESEARCHER_2, fresh.id(), "production",
                fx.goodBacktest(fresh), PromotionFixtures.REASON);
        String id = proposed.getString("data.proposePromotion.id");

        try (Browser alice = login(base, DemoUsers.REVIEWER)) {
            alice.go("#/proposals");
            alice.visibleWithText(By.cssSelector("main table tbody"), fresh.id());
            alice.go("#/proposals/" + id);
            alice.visibleWithText(By.id("review-card"), "pending approval");
            alice.visibleWithText(By.cssSelector("main"), "min_staging_days");
            assertTrue(alice.visible(By.id("vote-approve")).getAttribute("disabled") != null,
                    "approve stays disabled until the checklist is complete");
            alice.visible(By.id("check-backtestReviewed")).click();
            alice.visible(By.id("check-metricsAcceptable")).click();
            alice.visible(By.id("check-teamNotified")).click();
            alice.visible(By.id("vote-comment")).sendKeys("Reviewed the test period; fine to go");
            alice.screenshot("proposal-review");
            alice.until(ExpectedConditions.elementToBeClickable(By.id("vote-approve")), "an enabled approve").click();
            alice.visibleWithText(By.id("review-card"), "promoted");
            alice.visibleWithText(By.id("vote-section"), "votes are closed");
            // a decided proposal lists its decision time, not an expiry
            alice.go("#/proposals?status=APPROVED");
            alice.visibleWithText(By.cssSelector("main table tbody"), fresh.id());
            assertTrue(alice.driver().findElement(By.cssSelector("main table tbody")).getText().contains("decided "),
                    "decided, with its time");
            alice.go("#/production");
            alice.visibleWithText(By.id("production-model"), fresh.id());
            assertTrue(alice.driver().findElements(By.id("rollback-button")).isEmpty(), "no rollback for a reviewer");
            alice.screenshot("production-page");
        }

        try (Browser carol = login(base, DemoUsers.ADMIN)) {
            carol.go("#/production");
            carol.visibleWithText(By.id("production-model"), fresh.id());
            carol.visibleWithText(By.id("rollback-creates"), "Creates a new production contract");
            carol.visible(By.id("rollback-reason")).sendKeys("Live signals diverge from the backtest");
            carol.until(ExpectedConditions.elementToBeClickable(By.id("rollback-button")), "the rollback button").click();
            carol.visibleWithText(By.id("production-model"), old.id());
            carol.screenshot("production-rolled-back");
        }
        assertEquals(1, fx.count("select count(*) from production_contracts where is_active and model_id = ?", old.id()));
    }

    /**
     * The review card sends the evidence hash it was drawn from: when production changes behind the reviewer's back,
     * her APPROVE is refused and the card is drawn again from the new evidence. REQUEST_MORE_TESTS holds the proposal;
     * the card shows the hold and, after the requester attached a newer backtest, its history.
     */
    @Test
    void theReviewCardRefreshesStaleEvidenceAndShowsTheHold() {
        TestModel x = fx.stagedDaysAgo("web-vt-x", 8);
        String px = fx.pendingProductionProposal(x);

        try (Browser alice = login(base, DemoUsers.REVIEWER)) {
            alice.go("#/proposals/" + px);
            alice.visibleWithText(By.id("review-card"), "PROMOTE");
            alice.visibleWithText(By.cssSelector("main"), "promotion.yaml:production");
            alice.visible(By.id("check-backtestReviewed")).click();
            alice.visible(By.id("check-metricsAcceptable")).click();
            alice.visible(By.id("check-teamNotified")).click();
            // meanwhile another model reaches production; the candidate beats it by only +3.4 %
            TestModel y = fx.promoted("web-vt-y");
            fx.backtest(y, true, true, 1.45);
            alice.until(ExpectedConditions.elementToBeClickable(By.id("vote-approve")), "an enabled approve").click();
            alice.visibleWithText(By.id("evidence-changed"), "The evidence changed since you loaded proposal");
            alice.visibleWithText(By.id("review-card"), "REJECT");
            alice.visibleWithText(By.cssSelector("main"), "improvement_threshold");
            assertTrue(alice.visible(By.id("vote-approve")).getAttribute("disabled") != null,
                    "on the new evidence only an admin may approve");
            alice.screenshot("proposal-evidence-changed");
        }
        assertEquals(0, fx.count("select count(*) from votes where proposal_id = ?::uuid and kind = 'HUMAN'", px));

        TestModel h = fx.stagedDaysAgo("web-hold", 8);
        String ph = fx.pendingProductionProposal(h);

        try (Browser bob = login(base, DemoUsers.REVIEWER_2)) {
            bob.go("#/proposals/" + ph);
            bob.visible(By.id("vote-comment")).sendKeys("Add the 2024 stress period");
            bob.until(ExpectedConditions.elementToBeClickable(By.id("vote-request_more_tests")), "request more tests")
                    .click();
            bob.visibleWithText(By.id("hold-state"), "On hold");
            bob.visibleWithText(By.id("hold-history"), "Held by");
            bob.screenshot("proposal-on-hold");
        }
        JsonPath reopened = PromotionFixtures.attach(DemoUsers.AUTOMATION, ph, fx.goodBacktest(h));
        assertNull(reopened.get("errors"), reopened::prettify);
        try (Browser alice = login(base, DemoUsers.REVIEWER)) {
            alice.go("#/proposals/" + ph);
            alice.visibleWithText(By.id("hold-state"), "Not on hold");
            alice.visibleWithText(By.id("hold-history"), "Re-opened with a newer backtest (round 2)");
            alice.visible(By.id("check-backtestReviewed")).click();
            alice.visible(By.id("check-metricsAcceptable")).click();
            alice.visible(By.id("check-teamNotified")).click();
            alice.until(ExpectedConditions.elementToBeClickable(By.id("vote-approve")), "an enabled approve").click();
            alice.visibleWithText(By.id("review-card"), "promoted");
        }
    }
}
