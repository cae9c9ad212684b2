package co.usdcop.gate.lineage;

import static co.usdcop.gate.models.registry.RegistryFixtures.BASELINE_CONTRACT;
import static co.usdcop.gate.models.registry.RegistryFixtures.input;
import static co.usdcop.gate.models.registry.RegistryFixtures.normStats;
import static co.usdcop.gate.models.registry.RegistryFixtures.registerModel;
import static co.usdcop.gate.models.registry.RegistryFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.TestMlps;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LineageGraphQLApiTest {

    private static final String LINEAGE = "query($id: String!) { lineage(modelId: $id) { modelId"
            + " nodes { kind id ref hash createdAt label } edges { from to relation } } }";

    @Test
    void lineageRunsFromExperimentThroughDatasetToModelAndItsArtifacts() {
        String onnx = upload(TestMlps.validOnnx(300), "onnx");
        String norm = upload(normStats(Map.of("rsi_9", "{\"mean\": 50, \"std\": 15}")), "norm_stats");
        String dataset = upload("lineage dataset".getBytes(StandardCharsets.UTF_8), "dataset");
        JsonPath reg = registerModel(DemoUsers.AUTOMATION, input("lin-1", BASELINE_CONTRACT, onnx, norm, dataset));
        assertNull(reg.get("errors"), reg::prettify);

        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, LINEAGE, Map.of("id", "lin-1"));
        assertNull(r.get("errors"), r::prettify);
        assertEquals(List.of("experiment", "dataset", "model", "onnx", "norm_stats"), r.getList("data.lineage.nodes.kind"));
        assertEquals("model:lin-1", r.getString("data.lineage.nodes[2].id"));
        assertEquals(onnx, r.getString("data.lineage.nodes[2].hash"));
        assertEquals(dataset, r.getString("data.lineage.nodes[1].ref"));
        assertTrue(r.getString("data.lineage.nodes[1].createdAt") != null, "stored dataset has a creation time");
        assertEquals(norm, r.getString("data.lineage.nodes[4].hash"));
        List<String> edges = r.<Map<String, String>>getList("data.lineage.edges").stream()
                .map(e -> e.get("from") + " -" + e.get("relation") + "-> " + e.get("to")).toList();
        assertTrue(edges.contains("experiment:" + BASELINE_CONTRACT + " -uses_dataset-> dataset:" + dataset), edges::toString);
        assertTrue(edges.contains("dataset:" + dataset + " -trained-> model:lin-1"), edges::toString);
        assertTrue(edges.contains("model:lin-1 -normalizes_with-> norm_stats:" + norm), edges::toString);
        assertTrue(edges.contains("model:lin-1 -serialized_as-> onnx:" + onnx), edges::toString);
    }

    @Test
    void unknownModelIsNotFoundAndNoTokenIsUnauthorized() {
        assertEquals("NOT_FOUND", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, LINEAGE, Map.of("id", "nope"))));
        assertEquals("UNAUTHORIZED", GraphQL.errorCode(GraphQL.as(null, LINEAGE, Map.of("id", "nope"))));
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.NO_ROLE, LINEAGE,
                Map.of("id", Hashes.sha256Hex("x")))));
    }
}
