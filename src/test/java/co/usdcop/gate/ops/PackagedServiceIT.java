package co.usdcop.gate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.models.TestMlps;
import co.usdcop.gate.models.registry.RegistryFixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged service as shipped — the jar in {@code ./mvnw verify}, the native binary with {@code -Pnative} — in the
 * prod profile: a signed-in user, an ONNX model registered (ONNX Runtime loads and inspects it), a backtest of it run
 * through the queue over the demo market's features (computed and checkpointed as JSON at start), and one replayed
 * tick.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedServiceResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedServiceIT {

    private static final String MODEL = "packaged-it-model";

    private static String token(String user, String role) {
        return OidcWiremockTestResource.getAccessToken(user, Set.of(role));
    }

    private static JsonPath graphql(String user, String role, String query, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).auth().oauth2(token(user, role)).body(body).post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void aSignedInUserIsKnownWithItsRoles() {
        JsonPath me = graphql("carol", "admin", "{ me { name roles } }", Map.of());
        assertEquals(List.of("admin"), me.getList("data.me.roles"), me.prettify());
        JsonPath anonymous = given().contentType(ContentType.JSON).body(Map.of("query", "{ me { name } }"))
                .post("/graphql").then().extract().jsonPath();
        assertNotNull(anonymous.get("errors"), "anonymous callers are not signed in");
    }

    @Test
    @Order(2)
    void anOnnxModelIsRegistered() {
        String onnx = upload(TestMlps.validOnnx(100), "onnx");
        String norm = upload(RegistryFixtures.normStats(Map.of()), "norm_stats");
        String dataset = upload("ts,close\n2025-01-02T13:00:00Z,4100.5\n".getBytes(), "dataset");
        JsonPath r = graphql("otto", "automation", RegistryFixtures.REGISTER_MODEL, Map.of("input",
                RegistryFixtures.input(MODEL, RegistryFixtures.BASELINE_CONTRACT, onnx, norm, dataset)));
        assertEquals("registered", r.getString("data.registerModel.stage"), r.prettify());
        assertEquals(onnx, r.getString("data.registerModel.modelHash"));
        assertEquals(List.of(-1, 15), JsonPath.from(r.getString("data.registerModel.observationSpec"))
                .getList("shape"), "ONNX Runtime read the input shape");
    }

    private static String upload(byte[] bytes, String kind) {
        return given().auth().oauth2(token("otto", "automation")).contentType("application/octet-stream")
                .body(bytes).queryParam("kind", kind).put("/api/artifacts").then().extract().jsonPath()
                .getString("sha256");
    }

    @Test
    @Order(3)
    void aBacktestOfItRunsThroughTheQueue() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonPath job;
        // the demo market's features are computed in the background after start: retry until the period has them
        do {
            JsonPath run = graphql("rita", "researcher", "mutation($m: String!) { runBacktest(modelId: $m,"
                    + " preset: \"last_30_days\") { id } }", Map.of("m", MODEL));
            String id = run.getString("data.runBacktest.id");
            assertNotNull(id, run.prettify());
            do {
                Thread.sleep(500);
                job = graphql("rita", "researcher", "query($id: String!) { backtestJob(id: $id) { id status error"
                        + " trades barsDone } }", Map.of("id", id));
            } while (List.of("queued", "running").contains(job.getString("data.backtestJob.status")));
            if (!"failed".equals(job.getString("data.backtestJob.status"))
                    || !job.getString("data.backtestJob.error").contains("no feature rows")) {
                break;
            }
            Thread.sleep(5_000);
        } while (System.nanoTime() < deadline);
        assertEquals("completed", job.getString("data.backtestJob.status"), job.prettify());
        assertTrue(job.getInt("data.backtestJob.barsDone") > 0, job.prettify());
        JsonPath stored = graphql("alice", "reviewer", "query($id: String!) { backtest(id: $id) { signature"
                + " metrics { sharpe } } }", Map.of("id", job.getString("data.backtestJob.id")));
        assertEquals(64, stored.getString("data.backtest.signature").length(), stored.prettify());
    }

    @Test
    @Order(4)
    void oneReplayTickIsScored() throws InterruptedException {
        JsonPath start = graphql("carol", "admin", "mutation { startReplay(speed: 600) { state barsTotal } }",
                Map.of());
        assertEquals("RUNNING", start.getString("data.startReplay.state"), start.prettify());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonPath status;
        do {
            Thread.sleep(500);
            status = graphql("carol", "admin", "{ replayStatus { state barsDone lastOutcome } }", Map.of());
        } while (status.getInt("data.replayStatus.barsDone") < 1 && System.nanoTime() < deadline);
        assertTrue(status.getInt("data.replayStatus.barsDone") >= 1, status.prettify());
        assertNotNull(status.getString("data.replayStatus.lastOutcome"), status.prettify());
        assertNotEquals("FAILED", status.getString("data.replayStatus.state"), status.prettify());
        graphql("carol", "admin", "mutation { stopReplay { state } }", Map.of());
    }

    @Test
    @Order(5)
    void theSchemaIsNotIntrospectedInProd() {
        JsonPath refused = graphql("alice", "reviewer", "{ __schema { queryType { name } } }", Map.of());
        assertEquals("VALIDATION", refused.getString("errors[0].extensions.code"), refused.prettify());
        assertNull(refused.get("data.__schema"), refused.prettify());
        JsonPath allowed = graphql("alice", "reviewer", "{ me { roles } }", Map.of());
        assertEquals(List.of("reviewer"), allowed.getList("data.me.roles"), allowed.prettify());
    }
}
