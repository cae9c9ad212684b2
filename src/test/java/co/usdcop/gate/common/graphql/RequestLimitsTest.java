package co.usdcop.gate.common.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.GraphQL;
import co.usdcop.gate.support.SqlStatements;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cost of a request counts aliases and page sizes; a page counts its total only when asked. */
@QuarkusTest
@TestProfile(RequestLimitsTest.ShippedBudget.class)
class RequestLimitsTest {

    /** The shipped per-user budget of expensive fields (the test profile lifts it for the rest of the suite). */
    public static class ShippedBudget implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("usdcop.graphql.limits.expensive-per-user-per-minute", "3000");
        }
    }


    @Inject
    @PersistenceUnitExtension
    SqlStatements sql;

    @Test
    void sixtyAliasedCurvesAreRefusedBeforeAnythingRuns() {
        String id = UUID.randomUUID().toString();
        String aliases = IntStream.range(0, 60).mapToObj(i -> "a" + i + ": backtest(id: \"" + id + "\") {"
                + " equityCurve { ts equity } }").collect(Collectors.joining(" "));
        var r = GraphQL.as("alice", "{ " + aliases + " }");
        assertEquals(RequestRefusedException.TOO_EXPENSIVE, GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains("costs"), r::prettify);
        assertNull(r.get("data"));

        // one of them is fine (and answers NOT_FOUND for the unknown id: it ran)
        var one = GraphQL.as("alice", "{ backtest(id: \"" + id + "\") { equityCurve { ts equity } } }");
        assertEquals("NOT_FOUND", GraphQL.errorCode(one), one::prettify);
    }

    @Test
    void pageSizesMultiplyTheCostOfWhatIsSelectedInside() {
        String fields = "modelId stage modelHash normStatsHash datasetHash registeredBy createdAt"
                + " experimentContractId featureContractVersion featureOrderHash";
        // 2 × (1 + 500 × (1 + 10)) = 11,002 > 10,000; the same with pages of 50 costs 1,102
        var big = GraphQL.as("alice", "{ a: models(limit: 500) { items { " + fields + " } }"
                + " b: models(limit: 500) { items { " + fields + " } } }");
        assertEquals(RequestRefusedException.TOO_EXPENSIVE, GraphQL.errorCode(big), big::prettify);
        var small = GraphQL.as("alice", "{ a: models(limit: 50) { items { " + fields + " } }"
                + " b: models(limit: 50) { items { " + fields + " } } }");
        assertNull(GraphQL.errorCode(small), small::prettify);
    }

    @Test
    void expensiveFieldsDrawOnAPerUserBudget() {
        // 3000 units a minute, driftReport weighs 200: the budget runs out on the 16th call (refill is 50 units/s)
        int refusedAt = 0;
        for (int call = 1; call <= 20 && refusedAt == 0; call++) {
            var r = GraphQL.as("dave", "{ driftReport(modelId: \"no-such-model\") { level } }");
            if (RequestRefusedException.RATE_LIMITED.equals(GraphQL.errorCode(r))) {
                refusedAt = call;
                assertTrue(GraphQL.errorMessage(r).contains("per minute"), r::prettify);
            }
        }
        assertTrue(refusedAt > 1 && refusedAt <= 17, "refused at call " + refusedAt);
        // another user's budget is untouched
        var other = GraphQL.as("carol", "{ driftReport(modelId: \"no-such-model\") { level } }");
        assertTrue(!RequestRefusedException.RATE_LIMITED.equals(GraphQL.errorCode(other)), other::prettify);
    }

    @Test
    void theTotalIsCountedOnlyWhenSelected() {
        List<String> without = sql.record(() -> GraphQL.as("alice", "{ models(limit: 5) { items { modelId } } }"));
        assertTrue(without.stream().anyMatch(s -> s.toLowerCase().contains("from model_registry")), without::toString);
        assertTrue(without.stream().noneMatch(s -> s.toLowerCase().contains("count(")), without::toString);
        List<String> with = sql.record(() -> GraphQL.as("alice", "{ models(limit: 5) { total items { modelId } } }"));
        assertEquals(1, with.stream().filter(s -> s.toLowerCase().contains("count(")).count(), with::toString);

        List<String> audit = sql.record(() -> GraphQL.as("alice", "{ auditLog(limit: 2) { items { seq } } }"));
        assertTrue(audit.stream().noneMatch(s -> s.toLowerCase().contains("count(")), audit::toString);
    }
}
