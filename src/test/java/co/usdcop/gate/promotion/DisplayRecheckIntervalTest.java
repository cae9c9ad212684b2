package co.usdcop.gate.promotion;

import static co.usdcop.gate.promotion.PromotionFixtures.FULL_CHECKLIST;
import static co.usdcop.gate.promotion.PromotionFixtures.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the shipped interval, a proposal page re-checks its backtest's signatures at most every 5 minutes, a vote
 * always checks, and a failed check makes the next page check again.
 */
@QuarkusTest
@TestProfile(DisplayRecheckIntervalTest.ShippedInterval.class)
class DisplayRecheckIntervalTest {

    /** The interval of application.properties (the test profile sets 0). */
    public static class ShippedInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usdcop.promotion.display-reverify-interval", "5m");
        }
    }

    private static final String PAGE = "query($id: String!) { proposal(id: $id) { id backtestId backtest { id"
            + " metrics { sharpe } } } }";

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    @Test
    void aPageChecksAtMostOncePerIntervalAVoteAlwaysAndAFailedCheckResetsThePage() {
        TestModel m = fx.stagedDaysAgo("recheck", 8);
        String id = fx.pendingProductionProposal(m);
        JsonPath first = GraphQL.as(DemoUsers.REVIEWER, PAGE, Map.of("id", id));
        assertNull(GraphQL.errorCode(first), first::prettify);
        assertEquals(1.5, first.getDouble("data.proposal.backtest.metrics.sharpe"), 1e-9);
        UUID backtest = UUID.fromString(first.getString("data.proposal.backtestId"));

        BacktestSignatureCoverageTest.tamper("metrics = jsonb_set(metrics, '{sharpe}', '9.0')", backtest);
        // within the interval the page is not checked again: it shows the row as stored now
        JsonPath within = GraphQL.as(DemoUsers.REVIEWER, PAGE, Map.of("id", id));
        assertNull(GraphQL.errorCode(within), within::prettify);
        assertEquals(9.0, within.getDouble("data.proposal.backtest.metrics.sharpe"), 1e-9);

        // a vote checks every time
        JsonPath v = vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, "ok", null);
        assertEquals("CONFLICT", GraphQL.errorCode(v), v::prettify);
        // and its failed check makes the page check again at once
        JsonPath after = GraphQL.as(DemoUsers.REVIEWER, PAGE, Map.of("id", id));
        assertEquals("CONFLICT", GraphQL.errorCode(after), after::prettify);
    }
}
