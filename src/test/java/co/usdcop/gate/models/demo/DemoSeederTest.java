package co.usdcop.gate.models.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DemoSeederTest {

    @Inject
    DemoSeeder seeder;

    @Test
    void seedsTheDemoExperimentAndTheThreePoliciesOnceThenSkips() {
        List<String> first = seeder.seed();
        List<String> second = seeder.seed();
        assertTrue(first.isEmpty() || first.equals(List.of(DemoPolicies.MOMENTUM, DemoPolicies.MEAN_REVERSION,
                DemoPolicies.OPENING_GAP)), first::toString);
        assertEquals(List.of(), second);
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ models(experiment: \"demo_handwritten\") { items { modelId stage"
                + " datasetKnown registeredBy experiment { contractId description } } } }");
        assertNull(r.get("errors"), r::prettify);
        assertTrue(r.getList("data.models.items.modelId").containsAll(List.of("demo-momentum", "demo-meanrev",
                "demo-opening-gap")), r::prettify);
        // other tests register models of the demo experiment too: read the seeded one
        String momentum = "data.models.items.find { it.modelId == 'demo-momentum' }";
        assertEquals("CTR-EXP-demo_handwritten-1.1.0", r.getString(momentum + ".experiment.contractId"));
        assertTrue(r.getString(momentum + ".experiment.description").startsWith("DEMO"));
        assertTrue(r.getBoolean(momentum + ".datasetKnown"));
        assertEquals(co.usdcop.gate.security.CurrentUser.SYSTEM, r.getString(momentum + ".registeredBy"));
    }
}
