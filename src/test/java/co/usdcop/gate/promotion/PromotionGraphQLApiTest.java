package co.usdcop.gate.promotion;

import static co.usdcop.gate.promotion.PromotionFixtures.FULL_CHECKLIST;
import static co.usdcop.gate.promotion.PromotionFixtures.REASON;
import static co.usdcop.gate.promotion.PromotionFixtures.propose;
import static co.usdcop.gate.promotion.PromotionFixtures.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.error.PermissionDeniedException;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.security.Roles;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PromotionGraphQLApiTest {

    static final String PROPOSAL = """
            query($id: String!) { proposal(id: $id) { id status finalDecision recommendation override overrideReason
              criteria { name threshold actual passed } vsBaseline { baselineModelId }
              votes { kind decision voterName checklist { backtestReviewed metricsAcceptable teamNotified } comment }
              backtest { id outOfSample verified metrics { sharpe } }
              myVoteEligibility { canVote reason overrideRequired } } }""";
    static final String CONTRACT = """
            query($at: DateTime) { productionContract(at: $at) { id modelId modelHash normStatsHash featureOrderHash
              configHash datasetHash proposalId approvedBy active override activatedAt reactivatesContractId } }""";
    static final String MODEL_STAGE = "query($id: String!) { model(id: $id) { stage } }";

    @Inject
    PromotionFixtures fx;

    @org.junit.jupiter.api.AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    @Inject
    PromotionService service;

    private static void assertRefused(JsonPath r, String code, String fragment) {
        assertEquals(code, GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains(fragment),
                () -> "missing '" + fragment + "' in " + GraphQL.errorMessage(r));
    }

    private static String stage(String modelId) {
        return GraphQL.as(DemoUsers.REVIEWER, MODEL_STAGE, Map.of("id", modelId)).getString("data.model.stage");
    }

    @Test
    void stagingProposalIsDecidedByTheAutomaticVote() {
        TestModel m = fx.register("stg", DemoUsers.RESEARCHER);
        JsonPath r = propose(DemoUsers.AUTOMATION, m.id(), "staging", fx.goodBacktest(m), REASON);
        assertNull(r.get("errors"), r::prettify);
        assertEquals("APPROVED", r.getString("data.proposePromotion.status"));
        assertEquals("promoted", r.getString("data.proposePromotion.finalDecision"));
        assertEquals("PROMOTE", r.getString("data.proposePromotion.recommendation"));
        assertEquals(4, r.getList("data.proposePromotion.criteria").size());
        assertEquals("experiment:CTR-EXP-ppo_usdcop_baseline-1.1.0",
                r.getString("data.proposePromotion.criteria[0].source"));
        assertEquals(List.of("AUTO"), r.getList("data.proposePromotion.votes.kind"));
        assertEquals("staging", stage(m.id()));

        TestModel weak = fx.register("stg-weak", DemoUsers.RESEARCHER);
        JsonPath f = propose(DemoUsers.AUTOMATION, weak.id(), "staging", fx.backtest(weak, true, true, 0.2), REASON);
        assertEquals("REJECTED", f.getString("data.proposePromotion.status"), f::prettify);
        assertEquals("REJECT", f.getString("data.proposePromotion.recommendation"));
        assertEquals("REJECT", f.getString("data.proposePromotion.votes[0].decision"));
        assertTrue(f.getString("data.proposePromotion.recommendationReason").contains("min_sharpe (actual 0.2000"),
                f::prettify);
        assertEquals(0.25, f.getDouble("data.proposePromotion.confidence"), 1e-9);
        assertEquals("registered", stage(weak.id()));
    }

    @Test
    void fullTwoVoteFlowActivatesTheContractAndRollbackRestoresThePreviousOne() {
        // first production model
        TestModel a = fx.stagedDaysAgo("flow-a", 8);
        String pa = fx.pendingProductionProposal(a);
        JsonPath va = vote(DemoUsers.REVIEWER, pa, "APPROVE", FULL_CHECKLIST, "looks good", null);
        assertNull(va.get("errors"), va::prettify);
        assertEquals("promoted", va.getString("data.vote.finalDecision"));
        JsonPath ca = GraphQL.as(DemoUsers.REVIEWER, CONTRACT, java.util.Collections.singletonMap("at", null));
        assertEquals(a.id(), ca.getString("data.productionContract.modelId"), ca::prettify);
        assertEquals(a.modelHash(), ca.getString("data.productionContract.modelHash").trim());
        assertEquals(pa, ca.getString("data.productionContract.proposalId"));
        assertEquals(List.of("Alice"), ca.getList("data.productionContract.approvedBy"));
        assertEquals("production", stage(a.id()));
        Instant aActive = Instant.now();

        // second model, compared with the first on the same conditions
        TestModel b = fx.stagedDaysAgo("flow-b", 8);
        UUID baselineBt = fx.backtest(a, true, true, 1.0); // the production model on the same period
        JsonPath pr = propose(DemoUsers.AUTOMATION, b.id(), "production", fx.goodBacktest(b), REASON);
        assertNull(pr.get("errors"), pr::prettify);
        assertEquals(a.id(), pr.getString("data.proposePromotion.vsBaseline.baselineModelId"));
        assertEquals(baselineBt.toString(), pr.getString("data.proposePromotion.vsBaseline.baselineBacktestId"));
        assertEquals(0.5, pr.getDouble("data.proposePromotion.vsBaseline.sharpeImprovement"), 1e-9);
        assertTrue(pr.getBoolean("data.proposePromotion.vsBaseline.improvementMet"));
        assertEquals("PROMOTE", pr.getString("data.proposePromotion.recommendation"));
        assertEquals(6, pr.getList("data.proposePromotion.criteria").size());
        String pb = pr.getString("data.proposePromotion.id");

        JsonPath before = GraphQL.as(DemoUsers.REVIEWER, PROPOSAL, Map.of("id", pb));
        assertTrue(before.getBoolean("data.proposal.myVoteEligibility.canVote"), before::prettify);
        assertTrue(before.getBoolean("data.proposal.backtest.outOfSample"));
        JsonPath rita = GraphQL.as(DemoUsers.RESEARCHER, PROPOSAL, Map.of("id", pb));
        assertFalse(rita.getBoolean("data.proposal.myVoteEligibility.canVote"));

        JsonPath more = vote(DemoUsers.REVIEWER_2, pb, "REQUEST_MORE_TESTS", null, "add the 2024 stress period", null);
        assertEquals("PENDING_APPROVAL", more.getString("data.vote.status"), more::prettify);
        assertRefused(vote(DemoUsers.REVIEWER, pb, "APPROVE", FULL_CHECKLIST, "ok", null), "CONFLICT", "on hold");
        JsonPath reopened = PromotionFixtures.attach(DemoUsers.AUTOMATION, pb, fx.goodBacktest(b));
        assertNull(reopened.get("errors"), reopened::prettify);
        JsonPath vb = vote(DemoUsers.REVIEWER, pb, "APPROVE", FULL_CHECKLIST, "ok after the stress period", null);
        assertEquals("promoted", vb.getString("data.vote.finalDecision"), vb::prettify);
        assertEquals(List.of("AUTO", "HUMAN", "AUTO", "HUMAN"), vb.getList("data.vote.votes.kind"));
        assertEquals("production", stage(b.id()));
        assertEquals("archived", stage(a.id()));
        assertEquals(1, fx.count("select count(*) from production_contracts where is_active"));

        // what was in production at a time in the past
        JsonPath then = GraphQL.as(DemoUsers.REVIEWER, CONTRACT, Map.of("at", aActive.toString()));
        assertEquals(a.id(), then.getString("data.productionContract.modelId"), then::prettify);
        JsonPath longAgo = GraphQL.as(DemoUsers.REVIEWER, CONTRACT, Map.of("at", "2001-01-01T00:00:00Z"));
        assertNull(longAgo.get("data.productionContract"), longAgo::prettify);

        // rollback: admin only, with a reason
        JsonPath notAdmin = GraphQL.as(DemoUsers.REVIEWER, "mutation { rollbackProduction(reason: \"the new model"
                + " misbehaves live\") { id } }");
        assertEquals("FORBIDDEN", GraphQL.errorCode(notAdmin), notAdmin::prettify);
        JsonPath shortReason = GraphQL.as(DemoUsers.ADMIN, "mutation { rollbackProduction(reason: \"bad\") { id } }");
        assertRefused(shortReason, "VALIDATION", "at least 20 characters");
        JsonPath rb = GraphQL.as(DemoUsers.ADMIN, "mutation { rollbackProduction(reason: \"live drift alert on"
                + " the new model\") { id modelId active reactivatesContractId } }");
        assertNull(rb.get("errors"), rb::prettify);
        assertEquals(a.id(), rb.getString("data.rollbackProduction.modelId"));
        assertEquals(ca.getLong("data.productionContract.id"), rb.getLong("data.rollbackProduction.reactivatesContractId"));
        assertEquals("production", stage(a.id()));
        assertEquals("archived", stage(b.id()));
        assertEquals(1, fx.count("select count(*) from production_contracts where is_active"));

        JsonPath history = GraphQL.as(DemoUsers.REVIEWER, "{ productionContracts(limit: 3) { total items { modelId"
                + " active } } }");
        assertEquals(a.id(), history.getString("data.productionContracts.items[0].modelId"));
        assertTrue(history.getBoolean("data.productionContracts.items[0].active"));
        assertEquals(b.id(), history.getString("data.productionContracts.items[1].modelId"));

        // audit chain recorded each step
        JsonPath audit = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { auditLog(entityId: $id) { total"
                + " items { action } } }", Map.of("id", pb));
        assertTrue(audit.getList("data.auditLog.items.action").containsAll(List.of("promotion.proposed",
                "promotion.voted", "promotion.decided")), audit::prettify);

        // lineage has the proposals, votes and contracts
        JsonPath lineage = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { lineage(modelId: $id) { nodes { kind"
                + " } } }", Map.of("id", b.id()));
        List<String> kinds = lineage.getList("data.lineage.nodes.kind");
        assertTrue(kinds.containsAll(List.of("proposal", "vote", "production_contract")), lineage::prettify);
    }

    @Test
    void productionNeedsStagingDaysAndAdminOverrideWithReason() {
        TestModel m = fx.staged("fresh"); // staged just now: 0 of 7 days
        JsonPath r = propose(DemoUsers.AUTOMATION, m.id(), "production", fx.goodBacktest(m), REASON);
        assertEquals("REJECT", r.getString("data.proposePromotion.recommendation"), r::prettify);
        assertFalse(r.getBoolean("data.proposePromotion.autoPassed"));
        assertTrue(r.getString("data.proposePromotion.recommendationReason").contains("min_staging_days"));
        String id = r.getString("data.proposePromotion.id");

        JsonPath reviewer = vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, null, "I know better than the rules");
        assertRefused(reviewer, "FORBIDDEN", "only the admin role");
        JsonPath refusal = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { auditLog(entityId: $id) { items {"
                + " action } } }", Map.of("id", id));
        assertTrue(refusal.getList("data.auditLog.items.action").contains("promotion.vote_refused"), refusal::prettify);
        assertEquals(1, fx.count("select count(*) from votes where proposal_id = ?::uuid", id));
        JsonPath noReason = vote(DemoUsers.ADMIN, id, "APPROVE", FULL_CHECKLIST, null, null);
        assertRefused(noReason, "VALIDATION", "override reason of at least 20");
        JsonPath shortReason = vote(DemoUsers.ADMIN, id, "APPROVE", FULL_CHECKLIST, null, "urgent fix");
        assertRefused(shortReason, "VALIDATION", "override reason of at least 20");
        JsonPath ok = vote(DemoUsers.ADMIN, id, "APPROVE", FULL_CHECKLIST, "hotfix",
                "Regime change: the old model loses money daily");
        assertNull(ok.get("errors"), ok::prettify);
        assertEquals("override_promoted", ok.getString("data.vote.finalDecision"));
        assertTrue(ok.getBoolean("data.vote.override"));
        JsonPath c = GraphQL.as(DemoUsers.REVIEWER, CONTRACT, java.util.Collections.singletonMap("at", null));
        assertEquals(m.id(), c.getString("data.productionContract.modelId"));
        assertTrue(c.getBoolean("data.productionContract.override"));
    }

    @Test
    void badProposalsAreRefusedWithTheirCodes() {
        TestModel m = fx.register("bad", DemoUsers.RESEARCHER);
        TestModel other = fx.register("other", DemoUsers.RESEARCHER);
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "staging", fx.backtest(m, false, true, 1.5), REASON),
                "VALIDATION", "not verified");
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "staging", fx.backtest(m, true, false, 1.5), REASON),
                "VALIDATION", "out-of-sample");
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "staging", fx.goodBacktest(other), REASON),
                "VALIDATION", "is of model " + other.id());
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "staging", fx.goodBacktest(m), "short"),
                "VALIDATION", "at least 10");
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "moon", fx.goodBacktest(m), REASON),
                "VALIDATION", "Unknown target stage");
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "production", fx.goodBacktest(m), REASON),
                "CONFLICT", "needs a model in stage staging");
        assertRefused(propose(DemoUsers.AUTOMATION, "no-such-model", "staging", UUID.randomUUID(), REASON),
                "NOT_FOUND", "no-such-model");
        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "staging", UUID.randomUUID(), REASON),
                "NOT_FOUND", "No backtest");
        assertEquals("FORBIDDEN", GraphQL.errorCode(propose(DemoUsers.REVIEWER, m.id(), "staging",
                fx.goodBacktest(m), REASON)));
        assertEquals(0, fx.count("select count(*) from promotion_proposals where model_id = ?", m.id()));
    }

    @Test
    void badVotesAreRefusedWithTheirCodes() {
        TestModel m = fx.stagedDaysAgo("votes", 8);
        String id = fx.pendingProductionProposal(m);
        assertRefused(vote(DemoUsers.REVIEWER, UUID.randomUUID().toString(), "APPROVE", FULL_CHECKLIST, null, null),
                "NOT_FOUND", "No proposal");
        assertRefused(vote(DemoUsers.REVIEWER, id, "APPROVE", Map.of("backtestReviewed", true,
                "metricsAcceptable", true, "teamNotified", false), null, null), "VALIDATION", "all three checklist");
        assertEquals("FORBIDDEN", GraphQL.errorCode(vote(DemoUsers.RESEARCHER, id, "REJECT", null, null, null)));
        assertEquals("FORBIDDEN", GraphQL.errorCode(vote(DemoUsers.AUTOMATION, id, "REJECT", null, null, null)));
        JsonPath first = vote(DemoUsers.REVIEWER, id, "REQUEST_MORE_TESTS", null, "more data please", null);
        assertNull(first.get("errors"), first::prettify);
        assertRefused(vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, null, null), "CONFLICT",
                "already voted");
        JsonPath reject = vote(DemoUsers.REVIEWER_2, id, "REJECT", null, "drawdown too close to the limit", null);
        assertEquals("rejected", reject.getString("data.vote.finalDecision"), reject::prettify);
        assertRefused(vote(DemoUsers.ADMIN, id, "APPROVE", FULL_CHECKLIST, null, null), "CONFLICT",
                "votes are closed");
        assertEquals("staging", stage(m.id()));
    }

    @Test
    void fourEyesRefusesRegistrantAndRequesterInServiceAndDatabase() {
        // rita registers, rafael requests; the demo users keep researcher and reviewer apart, but a real directory
        // may give one person both roles, so the service is called as such a person directly
        TestModel m = fx.stagedDaysAgo("eyes", 8);
        JsonPath p = propose(DemoUsers.RESEARCHER_2, m.id(), "production", fx.goodBacktest(m), REASON);
        String id = p.getString("data.proposePromotion.id");
        assertNotNull(id, p::prettify);
        String rita = GraphQL.as(DemoUsers.RESEARCHER, "{ me { subject } }").getString("data.me.subject");
        String rafael = GraphQL.as(DemoUsers.RESEARCHER_2, "{ me { subject } }").getString("data.me.subject");

        Caller ritaReviewing = new Caller(rita, "rita", null, Set.of(Roles.RESEARCHER, Roles.REVIEWER));
        PermissionDeniedException registrant = assertThrows(PermissionDeniedException.class, () -> service.vote(id,
                VoteDecision.APPROVE, new Checklist(true, true, true), null, null, null, ritaReviewing));
        assertTrue(registrant.getMessage().contains("you registered model " + m.id()), registrant.getMessage());
        Caller rafaelReviewing = new Caller(rafael, "rafael", null, Set.of(Roles.RESEARCHER, Roles.ADMIN));
        PermissionDeniedException requester = assertThrows(PermissionDeniedException.class, () -> service.vote(id,
                VoteDecision.REJECT, null, null, null, null, rafaelReviewing));
        assertTrue(requester.getMessage().contains("you requested this proposal"), requester.getMessage());
        assertFalse(service.eligibility(service.require(id), ritaReviewing).canVote());

        // the database refuses the same votes inserted behind the service's back
        for (String subject : List.of(rita, rafael)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> fx.sql("insert into votes (id,"
                    + " proposal_id, kind, voter_subject, decision, backtest_reviewed, metrics_acceptable,"
                    + " team_notified) values (nextval('votes_seq'), ?::uuid, 'HUMAN', ?, 'APPROVE', true, true, true)",
                    id, subject));
            assertTrue(e.getMessage().contains("Four eyes"), e.getMessage());
            assertEquals("42501", ((java.sql.SQLException) e.getCause()).getSQLState(),
                    "four eyes is refused as insufficient_privilege, which the API reports as FORBIDDEN");
        }
        assertEquals(1, fx.count("select count(*) from votes where proposal_id = ?::uuid", id));
        // votes are append-only
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fx.sql("update votes set comment = 'changed' where proposal_id = ?::uuid", id));
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        // the real reviewer may vote
        JsonPath eligibility = GraphQL.as(DemoUsers.REVIEWER, PROPOSAL, Map.of("id", id));
        assertTrue(eligibility.getBoolean("data.proposal.myVoteEligibility.canVote"), eligibility::prettify);
    }

    @Test
    void expiryJobExpiresStaleProposalsAndVotesAreThenRefused() {
        TestModel m = fx.stagedDaysAgo("expiry", 8);
        String id = fx.pendingProductionProposal(m);
        JsonPath pending = GraphQL.as(DemoUsers.REVIEWER, "{ pendingProposals }");
        assertTrue(pending.getInt("data.pendingProposals") >= 1, pending::prettify);
        fx.sql("update promotion_proposals set expires_at = now() - interval '1 minute' where id = ?::uuid", id);
        assertRefused(vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, null, null), "CONFLICT", "expired");
        assertTrue(service.expireStale() >= 1);
        JsonPath p = GraphQL.as(DemoUsers.REVIEWER, PROPOSAL, Map.of("id", id));
        assertEquals("EXPIRED", p.getString("data.proposal.status"));
        assertEquals("expired", p.getString("data.proposal.finalDecision"));
        assertRefused(vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, null, null), "CONFLICT",
                "votes are closed");
        JsonPath list = GraphQL.as(DemoUsers.REVIEWER, "{ proposals(status: \"EXPIRED\", stage: \"production\") {"
                + " total items { id } } }");
        assertTrue(list.getList("data.proposals.items.id").contains(id), list::prettify);
        assertRefused(GraphQL.as(DemoUsers.REVIEWER, "{ proposals(status: \"DONE\") { total } }"), "VALIDATION",
                "Unknown status");
    }
}
