package co.usdcop.gate.promotion;

import static co.usdcop.gate.promotion.PromotionFixtures.REASON;
import static co.usdcop.gate.promotion.PromotionFixtures.propose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** archiveModel: who may, what it refuses, and what an archived model can no longer do; no 'rejected' stage. */
@QuarkusTest
class ModelLifecycleTest {

    static final String ARCHIVE = """
            mutation($m: String!, $r: String!) { archiveModel(modelId: $m, reason: $r) { modelId stage } }""";

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    private static JsonPath archive(String user, String modelId) {
        return GraphQL.as(user, ARCHIVE, Map.of("m", modelId, "r", "superseded by the next experiment"));
    }

    @Test
    void theRegistrantOrAnAdminArchivesAModelThatIsNotInProduction() {
        TestModel m = fx.staged("archive"); // registered by rita
        assertEquals("FORBIDDEN", GraphQL.errorCode(archive(DemoUsers.RESEARCHER_2, m.id())));
        JsonPath shortReason = GraphQL.as(DemoUsers.RESEARCHER, ARCHIVE, Map.of("m", m.id(), "r", "old"));
        assertEquals("VALIDATION", GraphQL.errorCode(shortReason), shortReason::prettify);

        JsonPath ok = archive(DemoUsers.RESEARCHER, m.id());
        assertNull(ok.get("errors"), ok::prettify);
        assertEquals("archived", ok.getString("data.archiveModel.stage"));
        assertEquals("CONFLICT", GraphQL.errorCode(archive(DemoUsers.ADMIN, m.id())));

        // cannot be proposed, is not shadow-scored, keeps its history
        JsonPath p = propose(DemoUsers.AUTOMATION, m.id(), "production", fx.goodBacktest(m), REASON);
        assertEquals("CONFLICT", GraphQL.errorCode(p), p::prettify);
        JsonPath shadows = GraphQL.as(DemoUsers.REVIEWER, "{ shadowModels { modelId } }");
        assertFalse(shadows.getList("data.shadowModels.modelId").contains(m.id()), shadows::prettify);
        assertEquals(3, fx.count("select count(*) from model_stage_history where model_id = ?", m.id()));
        assertEquals(1, fx.count("select count(*) from promotion_proposals where model_id = ?", m.id()));
        JsonPath audit = GraphQL.as(DemoUsers.ADMIN, "query($id: String!) { auditLog(entityId: $id) { items { action"
                + " } } }", Map.of("id", m.id()));
        assertTrue(audit.getList("data.auditLog.items.action").containsAll(List.of("model.archived",
                "model.archive_refused")), audit::prettify);
    }

    @Test
    void theProductionModelAndAModelWithAnOpenProposalAreNotArchived() {
        TestModel prod = fx.promoted("archive-prod");
        JsonPath r = archive(DemoUsers.ADMIN, prod.id());
        assertEquals("CONFLICT", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains("in production"));

        TestModel open = fx.stagedDaysAgo("archive-open", 8);
        fx.pendingProductionProposal(open);
        JsonPath o = archive(DemoUsers.RESEARCHER, open.id());
        assertTrue(GraphQL.errorMessage(o).contains("open proposal"), o::prettify);
    }

    @Test
    void thereIsNoRejectedStageAndARejectedProductionProposalLeavesTheModelInStaging() {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ models(stage: \"rejected\") { total } }");
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        TestModel m = fx.stagedDaysAgo("archive-reject", 8);
        String id = fx.pendingProductionProposal(m);
        JsonPath v = PromotionFixtures.vote(DemoUsers.REVIEWER, id, "REJECT", null, "not convinced", null);
        assertEquals("rejected", v.getString("data.vote.finalDecision"), v::prettify);
        assertEquals(1, fx.count("select count(*) from model_registry where model_id = ? and stage = 'staging'",
                m.id()));
    }
}
