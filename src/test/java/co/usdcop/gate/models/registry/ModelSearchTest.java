package co.usdcop.gate.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** models(idPrefix) narrows the registry on the server: a literal prefix, combined with stage and experiment. */
@QuarkusTest
class ModelSearchTest {

    private static final String QUERY = "query($p: String, $s: String) { models(idPrefix: $p, stage: $s, limit: 50)"
            + " { total items { modelId } } }";

    @Inject
    DemoSeeder demo;

    @BeforeEach
    void models() {
        demo.seed();
    }

    private static List<String> ids(String prefix, String stage) {
        java.util.HashMap<String, Object> vars = new java.util.HashMap<>();
        vars.put("p", prefix);
        vars.put("s", stage);
        var r = GraphQL.as("rita", QUERY, vars);
        assertNull(GraphQL.errorCode(r), r::prettify);
        assertEquals(r.getList("data.models.items").size(), r.getInt("data.models.total"));
        return r.getList("data.models.items.modelId");
    }

    @Test
    void aPrefixFindsTheModelsWhoseIdStartsWithIt() {
        assertEquals(List.of(DemoPolicies.OPENING_GAP), ids("demo-o", null));
        assertEquals(2, ids("demo-m", null).stream().filter(id -> id.startsWith("demo-m")).count());
        assertEquals(ids("demo-m", null).size(), ids("demo-m", null).stream().filter(id -> id.startsWith("demo-m"))
                .count(), "nothing else");
    }

    @Test
    void wildcardsInThePrefixAreLiteral() {
        assertEquals(List.of(), ids("demo_", null));
        assertEquals(List.of(), ids("%", null));
        assertEquals(List.of(), ids("demo-o", "production"), "combined with the stage filter");
        assertNull(GraphQL.errorCode(GraphQL.as("rita", QUERY, Map.of("p", "demo"))));
    }
}
