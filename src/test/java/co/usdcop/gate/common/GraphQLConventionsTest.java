package co.usdcop.gate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error has a code and a readable message; depth, complexity and token limits hold. */
@QuarkusTest
class GraphQLConventionsTest {

    @Test
    void malformedQueryGetsValidationCode() {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ me { name ");
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        assertNoInternals(r);
    }

    @Test
    void unknownFieldGetsValidationCode() {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ me { shoeSize } }");
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains("shoeSize"), r::prettify);
        assertNoInternals(r);
    }

    @Test
    void tooDeepQueryIsRefused() {
        String inner = "name";
        for (int i = 0; i < 14; i++) {
            inner = "ofType { " + inner + " }";
        }
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ __schema { types { fields { type { " + inner + " } } } } }");
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).toLowerCase().contains("depth"), r::prettify);
        assertNull(r.get("data.__schema"), "no data for a refused query");
    }

    @Test
    void tooWideQueryIsRefused() {
        StringBuilder q = new StringBuilder("{");
        for (int i = 0; i < 450; i++) {
            q.append(" a").append(i).append(": me { name }");
        }
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, q.append(" }").toString());
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).toLowerCase().contains("complexity"), r::prettify);
    }

    @Test
    void tooManyTokensAreRefused() {
        StringBuilder q = new StringBuilder("{ me { ");
        for (int i = 0; i < 16_000; i++) {
            q.append("name ");
        }
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, q.append("} }").toString());
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        assertNoInternals(r);
    }

    @Test
    void pagingIsCappedAndBadPagingRefused() {
        JsonPath ok = GraphQL.as(DemoUsers.REVIEWER, "{ auditLog(limit: 100000) { limit total } }");
        assertNull(ok.get("errors"), ok::prettify);
        assertEquals(Page.MAX_LIMIT, ok.getInt("data.auditLog.limit"));
        JsonPath bad = GraphQL.as(DemoUsers.REVIEWER, "{ auditLog(limit: 0) { total } }");
        assertEquals("VALIDATION", GraphQL.errorCode(bad), bad::prettify);
        assertTrue(GraphQL.errorMessage(bad).contains("limit must be at least 1"), bad::prettify);
        JsonPath negative = GraphQL.as(DemoUsers.REVIEWER, "{ auditLog(offset: -5) { total } }");
        assertEquals("VALIDATION", GraphQL.errorCode(negative), negative::prettify);
    }

    @Test
    void configQueryServesThresholdsContractAndPresets() {
        JsonPath r = GraphQL.as(DemoUsers.RESEARCHER, """
                { config { improvementThreshold checklist
                    stages { stage minSharpe minWinRate maxDrawdown minTrades minStagingDays humanApprovals }
                    featureContract { featureOrderHash observationDim features { name kind } }
                    presets { id start end }
                    backtest { transactionCostBps longThreshold shortThreshold } } }""");
        assertNull(r.get("errors"), r::prettify);
        assertEquals(0.05, r.getDouble("data.config.improvementThreshold"), 1e-12);
        assertEquals(List.of("STAGING", "PRODUCTION"), r.getList("data.config.stages.stage"));
        assertEquals(1.0, r.getDouble("data.config.stages[1].minSharpe"), 1e-12);
        assertEquals(100, r.getInt("data.config.stages[1].minTrades"));
        assertEquals(15, r.getInt("data.config.featureContract.observationDim"));
        assertEquals(16, r.getString("data.config.featureContract.featureOrderHash").length());
        assertEquals("2025-07-01", r.getString("data.config.presets.find { it.id == 'test' }.start"));
        assertEquals(List.of("backtest_reviewed", "metrics_acceptable", "team_notified"),
                r.getList("data.config.checklist"));
    }

    @Test
    void configNeedsLogin() {
        JsonPath r = GraphQL.anonymous("{ config { improvementThreshold } }");
        assertEquals("UNAUTHORIZED", GraphQL.errorCode(r), r::prettify);
    }

    private static void assertNoInternals(JsonPath r) {
        String body = r.prettify();
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("graphql."), body);
        assertFalse(body.contains("at co.usdcop"), body);
        List<Map<String, Object>> errors = r.getList("errors");
        assertNotNull(errors);
        for (Map<String, Object> e : errors) {
            assertNotNull(((Map<?, ?>) e.get("extensions")).get("code"), body);
        }
    }
}
