package co.usdcop.gate.promotion;

import static co.usdcop.gate.promotion.PromotionFixtures.FULL_CHECKLIST;
import static co.usdcop.gate.promotion.PromotionFixtures.REASON;
import static co.usdcop.gate.promotion.PromotionFixtures.propose;
import static co.usdcop.gate.promotion.PromotionFixtures.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.OwnerDatabase;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backtest's signatures cover everything a decision reads, every column is frozen after completion, and the
 * signatures are re-checked whenever a backtest is proposed, voted on or shown as evidence.
 */
@QuarkusTest
class BacktestSignatureCoverageTest {

    static final String VERIFY = "query($id: String!) { verifyBacktest(id: $id) { backtestId intact problem } }";

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @Inject
    BacktestStore store;

    @Inject
    GateConfig config;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    /** What someone with the database owner's rights can do: change a row with the freeze trigger disabled. */
    static void tamper(String set, UUID id) {
        OwnerDatabase.execute("alter table backtest_results disable trigger backtest_results_frozen");
        try {
            OwnerDatabase.execute("update backtest_results set " + set + " where id = '" + id + "'");
        } finally {
            OwnerDatabase.execute("alter table backtest_results enable trigger backtest_results_frozen");
        }
    }

    private static JsonPath verify(UUID id) {
        return GraphQL.as(DemoUsers.REVIEWER, VERIFY, Map.of("id", id.toString()));
    }

    @Test
    void everyColumnOfACompletedBacktestIsFrozen() {
        TestModel m = fx.register("freeze", DemoUsers.RESEARCHER);
        UUID unverified = fx.backtest(m, false, true, 1.5);
        for (String set : new String[] {"verified = true", "differences = '[]'::jsonb", "run_source = 'synthetic'",
                "completed_at = completed_at + interval '1 day'", "record_signature = repeat('0', 64)",
                "cost_multiplier = 2"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> fx.sql("update backtest_results set " + set + " where id = ?", unverified), set);
            assertTrue(e.getMessage().contains("cannot change"), e.getMessage());
        }
    }

    @Test
    void verifyBacktestReportsARowEditedBehindTheServicesBack() {
        TestModel m = fx.register("verify", DemoUsers.RESEARCHER);
        UUID id = fx.goodBacktest(m);
        JsonPath ok = verify(id);
        assertTrue(ok.getBoolean("data.verifyBacktest.intact"), ok::prettify);

        UUID flipped = fx.backtest(m, false, true, 1.5);
        tamper("verified = true", flipped);
        JsonPath bad = verify(flipped);
        assertFalse(bad.getBoolean("data.verifyBacktest.intact"), bad::prettify);
        assertTrue(bad.getString("data.verifyBacktest.problem").contains("verified state"), bad::prettify);

        UUID edited = fx.goodBacktest(m);
        tamper("metrics = jsonb_set(metrics, '{sharpe}', '9.0')", edited);
        assertTrue(verify(edited).getString("data.verifyBacktest.problem").contains("metrics"));

        UUID otherModel = fx.goodBacktest(m);
        TestModel twin = fx.register("verify-twin", DemoUsers.RESEARCHER);
        tamper("model_id = '" + twin.id() + "'", otherModel);
        assertFalse(verify(otherModel).getBoolean("data.verifyBacktest.intact"), "the model id is signed");
    }

    @Test
    void theCostMultiplierIsSignedBothWays() {
        TestModel m = fx.register("multiplier", DemoUsers.RESEARCHER);
        double bps = config.backtest().transactionCostBps();
        UUID standard = fx.goodBacktest(m);
        UUID whatIf = fx.whatIfBacktest(m, 2.0, bps);
        assertTrue(verify(whatIf).getBoolean("data.verifyBacktest.intact"), "a what-if run is signed as stored");
        String sealed = fx.text("select record_signature from backtest_results where id = ?", whatIf);

        // a standard run made to look like a what-if run, and a what-if run laundered into one at the cost in force
        tamper("cost_multiplier = 2", standard);
        JsonPath raised = verify(standard);
        assertFalse(raised.getBoolean("data.verifyBacktest.intact"), raised::prettify);
        assertTrue(raised.getString("data.verifyBacktest.problem").contains("cost multiplier"), raised::prettify);
        tamper("cost_multiplier = 1", whatIf);
        assertFalse(verify(whatIf).getBoolean("data.verifyBacktest.intact"), "1 is signed too (by its absence)");
        assertEquals(sealed, fx.text("select record_signature from backtest_results where id = ?", whatIf));

        // the laundered row passes the cost check but not the signature check: never evidence
        JsonPath p = propose(DemoUsers.AUTOMATION, m.id(), "staging", whatIf, REASON);
        assertEquals("CONFLICT", GraphQL.errorCode(p), p::prettify);
        assertTrue(GraphQL.errorMessage(p).contains("does not match its signature"), p::prettify);
        assertEquals(0, fx.count("select count(*) from promotion_proposals where model_id = ?", m.id()));
    }

    @Test
    void aTamperedBacktestIsRefusedWhenProposedVotedOnOrShownAndRaisesAnAlert() {
        TestModel m = fx.register("tamper", DemoUsers.RESEARCHER);
        UUID flipped = fx.backtest(m, false, true, 1.5);
        tamper("verified = true", flipped);
        JsonPath p = propose(DemoUsers.AUTOMATION, m.id(), "staging", flipped, REASON);
        assertEquals("CONFLICT", GraphQL.errorCode(p), p::prettify);
        assertTrue(GraphQL.errorMessage(p).contains("does not match its signature"), p::prettify);
        assertEquals(1, fx.count("select count(*) from inference_alerts where kind = 'backtest_signature_mismatch' and"
                + " subject = ?", "backtest:" + flipped));
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action ="
                + " 'backtest.signature_mismatch' and entity_id = ?", flipped.toString()));

        // a proposal whose backtest is edited after it was proposed
        TestModel s = fx.stagedDaysAgo("tamper-vote", 8);
        String id = fx.pendingProductionProposal(s);
        UUID bt = UUID.fromString(GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { proposal(id: $id) {"
                + " backtestId } }", Map.of("id", id)).getString("data.proposal.backtestId"));
        tamper("metrics = jsonb_set(metrics, '{sharpe}', '9.0')", bt);
        JsonPath v = vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, "ok", null);
        assertEquals("CONFLICT", GraphQL.errorCode(v), v::prettify);
        assertEquals(0, fx.count("select count(*) from votes where proposal_id = ?::uuid and kind = 'HUMAN'", id));
        JsonPath shown = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { proposal(id: $id) { id backtest { id"
                + " } } }", Map.of("id", id));
        assertEquals("CONFLICT", GraphQL.errorCode(shown), shown::prettify);
    }

    @Test
    void sealingIsDeterministicSoRowsSignedBeforeRecordSignaturesAreSealedAlike() {
        TestModel m = fx.register("seal", DemoUsers.RESEARCHER);
        UUID id = fx.goodBacktest(m);
        String sealed = fx.text("select record_signature from backtest_results where id = ?", id);
        assertEquals(64, sealed.length());
        String before = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { backtest(id: $id) { signature } }",
                Map.of("id", id.toString())).getString("data.backtest.signature");
        tamper("record_signature = null", id); // as a row stored before record signatures existed
        assertTrue(store.unsealed().contains(id));
        String resealed = store.seal(id);
        assertNull(verify(id).get("data.verifyBacktest.problem"));
        assertEquals(sealed, resealed, "sealed again from the stored content: the same record signature");
        assertEquals(before, GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { backtest(id: $id) { signature } }",
                Map.of("id", id.toString())).getString("data.backtest.signature"), "the content signature stays");
    }
}
