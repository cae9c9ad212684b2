package co.usdcop.gate.promotion;

import static co.usdcop.gate.promotion.PromotionFixtures.FULL_CHECKLIST;
import static co.usdcop.gate.promotion.PromotionFixtures.REASON;
import static co.usdcop.gate.promotion.PromotionFixtures.attach;
import static co.usdcop.gate.promotion.PromotionFixtures.propose;
import static co.usdcop.gate.promotion.PromotionFixtures.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate cannot be walked around: thresholds are floors, the automatic vote is recomputed at every vote against the
 * production contract active then (and an APPROVE on stale evidence is refused), the improvement rule is binding,
 * REQUEST_MORE_TESTS holds the proposal, and refused gate actions are audited.
 */
@QuarkusTest
class GateEvidenceTest {

    static final String PROPOSAL = """
            query($id: String!) { proposal(id: $id) { id status autoPassed recommendation evidenceHash
              evaluatedContractId onHold heldBy round backtestId
              criteria { name threshold actual passed source } votes { kind decision round evidenceHash } } }""";
    static final String AUDIT = """
            query($id: String!) { auditLog(entityId: $id, limit: 100) { items { action actor details } } }""";

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    private static JsonPath proposal(String id) {
        JsonPath p = GraphQL.as(DemoUsers.REVIEWER, PROPOSAL, Map.of("id", id));
        assertNull(p.get("errors"), p::prettify);
        return p;
    }

    private static List<String> auditActions(String entityId) {
        return GraphQL.as(DemoUsers.ADMIN, AUDIT, Map.of("id", entityId)).getList("data.auditLog.items.action");
    }

    private static void assertRefused(JsonPath r, String code, String fragment) {
        assertEquals(code, GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains(fragment),
                () -> "missing '" + fragment + "' in " + GraphQL.errorMessage(r));
    }

    /** The production model now gets a backtest on the candidates' period with the given Sharpe. */
    private void productionBacktest(double sharpe) {
        ProductionContract current = QuarkusTransaction.requiringNew().call(ProductionContract::active);
        fx.backtest(new TestModel(current.modelId, current.modelHash, current.normStatsHash), true, true, sharpe);
    }

    // ---------------------------------------------------------------- 1. thresholds are floors

    @Test
    void anExperimentLooserThanTheFloorsIsRefusedNamingTheCriterionAndTheFloor() {
        String loose = RegistryFixtures.experimentYaml("exp_loose", "1.0.0", null)
                .replace("min_sharpe: 1.0", "min_sharpe: -100")
                .replace("improvement_threshold: 0.05", "improvement_threshold: -10");
        JsonPath r = GraphQL.as(DemoUsers.RESEARCHER, "mutation($y: String!) { registerExperiment(yaml: $y) {"
                + " created } }", Map.of("y", loose));
        assertRefused(r, "VALIDATION", "evaluation.success_criteria.min_sharpe = -100.0 is looser than the staging floor"
                + " 0.5000");
        assertTrue(GraphQL.errorMessage(r).contains("improvement_threshold = -10.00 is looser than the staging floor"
                + " 0.05000"), GraphQL.errorMessage(r));
        assertEquals(0, fx.count("select count(*) from experiment_contracts where contract_id ="
                + " 'CTR-EXP-exp_loose-1.0.0'"));

        String tighter = RegistryFixtures.experimentYaml("exp_tight", "1.0.0", null)
                .replace("min_sharpe: 1.0", "min_sharpe: 1.25");
        JsonPath ok = GraphQL.as(DemoUsers.RESEARCHER, "mutation($y: String!) { registerExperiment(yaml: $y) {"
                + " created } }", Map.of("y", tighter));
        assertNull(ok.get("errors"), ok::prettify);
    }

    @Test
    void eachCriterionShowsTheThresholdAppliedAndItsSource() {
        TestModel m = fx.stagedDaysAgo("floors", 8);
        JsonPath p = proposal(fx.pendingProductionProposal(m));
        // the shipped experiment repeats the production floors: on a tie the floor is the source
        assertEquals("promotion.yaml:production", p.getString("data.proposal.criteria.find { it.name == 'min_sharpe'"
                + " }.source"));
        assertEquals(1.0, p.getDouble("data.proposal.criteria.find { it.name == 'min_sharpe' }.threshold"));
        assertEquals("promotion.yaml", p.getString("data.proposal.criteria.find { it.name =="
                + " 'improvement_threshold' }.source"));
    }

    // ---------------------------------------------------------------- 2. vote-time evaluation

    @Test
    void aCandidateThatDoesNotBeatProductionByTheThresholdNeedsAnAdminOverride() {
        fx.promoted("binding-p");
        TestModel m = fx.stagedDaysAgo("binding-c", 8);
        String id = fx.pendingProductionProposal(m); // production gets Sharpe 1.0 on the period, the candidate 1.5
        productionBacktest(1.45); // a newer production backtest: the candidate is only +3.4 % better
        JsonPath v = vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, "fine", null);
        assertRefused(v, "FORBIDDEN", "only the admin role may approve over it");
        JsonPath p = proposal(id);
        assertFalse(p.getBoolean("data.proposal.autoPassed"), p::prettify);
        assertEquals("REJECT", p.getString("data.proposal.recommendation"));
        assertFalse(p.getBoolean("data.proposal.criteria.find { it.name == 'improvement_threshold' }.passed"));
        JsonPath override = vote(DemoUsers.ADMIN, id, "APPROVE", FULL_CHECKLIST, "ok",
                "Lower drawdown matters more than Sharpe this quarter");
        assertEquals("override_promoted", override.getString("data.vote.finalDecision"), override::prettify);
    }

    @Test
    void theComparisonIsMadeWithTheProductionContractActiveWhenTheVoteIsCast() {
        TestModel x = fx.stagedDaysAgo("vt-x", 8);
        String px = fx.pendingProductionProposal(x);
        JsonPath loaded = proposal(px);
        String loadedHash = loaded.getString("data.proposal.evidenceHash");
        assertEquals(64, loadedHash.length());

        TestModel y = fx.promoted("vt-y"); // Y replaces the production model X was compared with
        fx.backtest(y, true, true, 1.45); // Y on X's period: X is only +3.4 % better
        long yContract = fx.count("select id from production_contracts where is_active");

        JsonPath stale = vote(DemoUsers.REVIEWER, px, "APPROVE", FULL_CHECKLIST, "ok", null, loadedHash);
        assertRefused(stale, "CONFLICT", "The evidence changed since you loaded proposal " + px);
        assertTrue(GraphQL.errorMessage(stale).contains("now fails"), GraphQL.errorMessage(stale));
        assertEquals(0, fx.count("select count(*) from votes where proposal_id = ?::uuid and kind = 'HUMAN'", px));
        assertEquals(1, fx.count("select count(*) from production_contracts where is_active and model_id = ?",
                y.id()), "the refused approval left Y in production");

        JsonPath fresh = proposal(px);
        String freshHash = fresh.getString("data.proposal.evidenceHash");
        assertNotEquals(loadedHash, freshHash);
        assertTrue(GraphQL.errorMessage(stale).contains(freshHash), "the refusal carries the new evidence");
        assertEquals(yContract, fresh.getLong("data.proposal.evaluatedContractId"));
        assertFalse(fresh.getBoolean("data.proposal.autoPassed"));
        assertTrue(auditActions(px).contains("promotion.evidence_refreshed"));

        // on the new evidence a reviewer may not approve; an admin may override, and the vote keeps what it saw
        assertRefused(vote(DemoUsers.REVIEWER, px, "APPROVE", FULL_CHECKLIST, "ok", null, freshHash), "FORBIDDEN",
                "only the admin role");
        JsonPath ok = vote(DemoUsers.ADMIN, px, "APPROVE", FULL_CHECKLIST, "ok",
                "The 2025 regime favours X despite the small edge", freshHash);
        assertEquals("override_promoted", ok.getString("data.vote.finalDecision"), ok::prettify);
        assertEquals(freshHash, ok.getString("data.vote.votes.find { it.kind == 'HUMAN' }.evidenceHash"));
        assertEquals(1, fx.count("select count(*) from votes where proposal_id = ?::uuid and kind = 'HUMAN' and"
                + " evidence ->> 'productionContractId' = ?", px, String.valueOf(yContract)));
    }

    // ---------------------------------------------------------------- 5. the hold

    @Test
    void requestMoreTestsHoldsTheProposalUntilTheRequesterAttachesANewerBacktest() {
        TestModel m = fx.stagedDaysAgo("hold", 8);
        String id = fx.pendingProductionProposal(m);
        UUID first = UUID.fromString(proposal(id).getString("data.proposal.backtestId"));
        JsonPath held = vote(DemoUsers.REVIEWER, id, "REQUEST_MORE_TESTS", null, "add the 2024 stress period", null);
        assertTrue(held.getBoolean("data.vote.onHold"), held::prettify);
        assertRefused(vote(DemoUsers.REVIEWER_2, id, "APPROVE", FULL_CHECKLIST, "ok", null), "CONFLICT", "on hold");
        assertRefused(vote(DemoUsers.ADMIN, id, "APPROVE", FULL_CHECKLIST, "ok", null), "CONFLICT", "on hold");

        assertRefused(attach(DemoUsers.RESEARCHER, id, fx.goodBacktest(m)), "FORBIDDEN", "requester");
        assertRefused(attach(DemoUsers.AUTOMATION, id, first), "VALIDATION", "attach a newer backtest");
        UUID newer = fx.goodBacktest(m);
        JsonPath reopened = attach(DemoUsers.AUTOMATION, id, newer);
        assertNull(reopened.get("errors"), reopened::prettify);
        assertFalse(reopened.getBoolean("data.attachBacktest.onHold"));
        assertEquals(2, reopened.getInt("data.attachBacktest.round"));
        assertEquals(newer.toString(), reopened.getString("data.attachBacktest.backtestId"));
        assertEquals(List.of("AUTO", "HUMAN", "AUTO"), reopened.getList("data.attachBacktest.votes.kind"));
        assertNotEquals(first, newer);

        // the reviewer who asked for more tests votes again in the new round
        JsonPath approve = vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, "stress period fine", null);
        assertEquals("promoted", approve.getString("data.vote.finalDecision"), approve::prettify);
        assertTrue(auditActions(id).containsAll(List.of("promotion.held", "promotion.reopened")), () ->
                auditActions(id).toString());
    }

    @Test
    void aHeldProposalCanBeWithdrawnByItsRequesterAndProposalsFilterByModel() {
        TestModel m = fx.stagedDaysAgo("withdraw", 8);
        String id = fx.pendingProductionProposal(m);
        vote(DemoUsers.REVIEWER, id, "REQUEST_MORE_TESTS", null, "needs a longer test", null);
        JsonPath w = GraphQL.as(DemoUsers.AUTOMATION, "mutation($p: String!) { withdrawProposal(proposalId: $p,"
                + " reason: \"the stress test failed\") { status finalDecision } }", Map.of("p", id));
        assertEquals("WITHDRAWN", w.getString("data.withdrawProposal.status"), w::prettify);
        assertRefused(vote(DemoUsers.REVIEWER_2, id, "REJECT", null, null, null), "CONFLICT", "votes are closed");
        assertTrue(auditActions(id).contains("promotion.withdrawn"));
        assertEquals("staging", GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { model(id: $id) { stage } }",
                Map.of("id", m.id())).getString("data.model.stage"));

        JsonPath list = GraphQL.as(DemoUsers.REVIEWER, "query($m: String!) { proposals(modelId: $m) { total items {"
                + " modelId targetStage status } } }", Map.of("m", m.id()));
        assertEquals(2, list.getInt("data.proposals.total"), list::prettify); // staging + production
        assertEquals(List.of(m.id(), m.id()), list.getList("data.proposals.items.modelId"));
    }

    // ---------------------------------------------------------------- 7. refusals are audited

    @Test
    void validationAndConflictRefusalsOfGateActionsAreAudited() {
        TestModel m = fx.stagedDaysAgo("refusal", 8);
        String id = fx.pendingProductionProposal(m);
        assertRefused(vote(DemoUsers.REVIEWER, id, "APPROVE", Map.of("backtestReviewed", true, "metricsAcceptable",
                true, "teamNotified", false), null, null), "VALIDATION", "all three checklist");
        vote(DemoUsers.REVIEWER_2, id, "REQUEST_MORE_TESTS", null, "more", null);
        assertRefused(vote(DemoUsers.REVIEWER, id, "APPROVE", FULL_CHECKLIST, null, null), "CONFLICT", "on hold");
        JsonPath audit = GraphQL.as(DemoUsers.ADMIN, AUDIT, Map.of("id", id));
        List<Map<String, Object>> refusals = audit.getList("data.auditLog.items.findAll { it.action =="
                + " 'promotion.vote_refused' }");
        assertEquals(2, refusals.size(), audit::prettify);
        assertTrue(refusals.stream().anyMatch(r -> r.get("details").toString().contains("\"code\":\"VALIDATION\"")),
                audit::prettify);
        assertTrue(refusals.stream().anyMatch(r -> r.get("details").toString().contains("\"code\":\"CONFLICT\"")),
                audit::prettify);

        assertRefused(propose(DemoUsers.AUTOMATION, m.id(), "production", fx.goodBacktest(m), "short"), "VALIDATION",
                "at least 10");
        assertTrue(auditActions(m.id()).contains("promotion.proposal_refused"));
        long before = fx.count("select count(*) from approval_audit_log where action = 'production.rollback_refused'");
        assertRefused(GraphQL.as(DemoUsers.ADMIN, "mutation { rollbackProduction(reason: \"bad\") { id } }"),
                "VALIDATION", "at least 20 characters");
        assertEquals(before + 1, fx.count("select count(*) from approval_audit_log where action ="
                + " 'production.rollback_refused'"));
        long ks = fx.count("select count(*) from approval_audit_log where action like 'kill_switch.%_refused'");
        JsonPath reset = GraphQL.as(DemoUsers.ADMIN, "mutation { resetKillSwitch(reason: \"nothing is tripped,"
                + " resetting anyway\") { tripped } }");
        assertTrue(List.of("CONFLICT", "VALIDATION").contains(GraphQL.errorCode(reset)), reset::prettify);
        assertEquals(ks + 1, fx.count("select count(*) from approval_audit_log where action like"
                + " 'kill_switch.%_refused'"));
    }
}
