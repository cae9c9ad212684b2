package co.usdcop.gate.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Everything a client can get wrong in the transport answers with a code and JSON, never a text page, a stack
 * trace or a redirect: malformed GraphQL requests (HTTP 400 VALIDATION), bodies over 1 MiB (413), bad tokens (401
 * UNAUTHORIZED), anonymous REST calls (401, not a 302 to the login page), subscription errors, unknown CSV columns.
 */
@QuarkusTest
class TransportErrorsTest {

    @TestHTTPResource("/graphql")
    URI graphql;

    private static Response post(String contentType, String body) {
        return given().auth().oauth2(DemoUsers.token(DemoUsers.RESEARCHER)).contentType(contentType).body(body)
                .post("/graphql");
    }

    private static void assertCoded(Response r, int status, String code) {
        String body = r.asString();
        assertEquals(status, r.statusCode(), body);
        assertEquals(code, r.jsonPath().getString("errors[0].extensions.code"), body);
        assertFalse(body.contains("Stack") || body.contains("Exception") || body.contains("at io."), body);
    }

    @Test
    void variablesThatAreNotAnObjectAreAClientError() {
        Response r = post("application/json", "{\"query\": \"{ me { name } }\", \"variables\": \"x\"}");
        assertCoded(r, 400, "VALIDATION");
        assertTrue(r.jsonPath().getString("errors[0].message").contains("'variables'"), r.asString());
    }

    @Test
    void aNonStringOperationNameIsAClientError() {
        assertCoded(post("application/json", "{\"query\": \"{ me { name } }\", \"operationName\": 5}"), 400,
                "VALIDATION");
        assertCoded(post("application/json", "{\"query\": 42}"), 400, "VALIDATION");
        assertCoded(post("application/json", "[1, 2]"), 400, "VALIDATION");
    }

    @Test
    void plainTextAndFormBodiesAreRefusedWithACode() {
        Response text = post("text/plain", "{\"query\": \"{ me { name } }\"}");
        assertCoded(text, 400, "VALIDATION");
        assertTrue(text.jsonPath().getString("errors[0].message").contains("application/json"), text.asString());
        assertCoded(post("application/x-www-form-urlencoded", "query=%7B%20me%20%7B%20name%20%7D%20%7D"), 400,
                "VALIDATION");
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWithACode() {
        String big = "{\"query\": \"{ me { name } }\", \"variables\": {\"pad\": \"" + "x".repeat(1_100_000) + "\"}}";
        assertCoded(post("application/json", big), 413, "VALIDATION");
    }

    @Test
    void aForgedOrMalformedTokenIsUnauthorizedWithACode() {
        String real = DemoUsers.token(DemoUsers.ADMIN);
        String[] parts = real.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"exp\":", "\"exp\":1").getBytes());
        for (String token : new String[] {"not-a-token", parts[0] + "." + forgedClaims + "." + parts[2]}) {
            Response r = given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body("{\"query\": \"{ me { name } }\"}").post("/graphql");
            assertCoded(r, 401, "UNAUTHORIZED");
            Response rest = given().header("Authorization", "Bearer " + token).contentType("text/csv").body("x")
                    .post("/api/market/bars.csv");
            assertEquals(401, rest.statusCode(), rest.asString());
            assertEquals("UNAUTHORIZED", rest.jsonPath().getString("code"), rest.asString());
        }
    }

    @Test
    void anonymousCsvUploadIsA401NotARedirectToTheLoginPage() {
        Response r = given().redirects().follow(false).contentType("text/csv").body("timestamp,open\n")
                .post("/api/market/bars.csv");
        assertEquals(401, r.statusCode(), r.getHeader("Location"));
        assertEquals("UNAUTHORIZED", r.jsonPath().getString("code"), r.asString());
    }

    @Test
    void anUnknownCsvColumnIsAnErrorNamingIt() {
        Response r = given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION)).contentType("text/csv")
                .body("timestamp,open,high,low,close,volumen\n2025-01-02T13:00:00Z,4100,4101,4099,4100.5,0\n")
                .post("/api/market/bars.csv");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("VALIDATION", r.jsonPath().getString("code"));
        assertTrue(r.jsonPath().getString("message").contains("unknown column 'volumen'"), r.asString());
    }

    @Test
    void subscriptionErrorsCarryACode() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            LinkedBlockingDeque<JsonObject> messages = new LinkedBlockingDeque<>();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                    .setPort(graphql.getPort()).setURI("/graphql").addSubProtocol("graphql-transport-ws")
                    .addHeader("Authorization", "Bearer " + DemoUsers.token(DemoUsers.RESEARCHER));
            var socket = vertx.createHttpClient().webSocket(options).toCompletionStage().toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
            socket.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{}}");
            assertEquals("connection_ack", messages.poll(20, TimeUnit.SECONDS).getString("type"));
            Map<String, String> cases = Map.of(
                    "1", "subscription { backtestProgress(id: \"not-a-uuid\") { status } }",
                    "2", "subscription { backtestProgress(id: \"00000000-0000-0000-0000-000000000000\") { status } }",
                    "3", "subscription { backtestProgress(id: \"x\") { shoeSize } }",
                    "4", "subscription { backtestProgress(id: \"x\") { status ",
                    "5", "");
            cases.forEach((id, query) -> socket.writeTextMessage(new JsonObject().put("id", id).put("type", "subscribe")
                    .put("payload", new JsonObject().put("query", query)).encode()));
            int seen = 0;
            while (seen < cases.size()) {
                JsonObject m = messages.poll(20, TimeUnit.SECONDS);
                assertNotNull(m, "every failing subscription answers");
                if (!m.getString("type").equals("error") && !m.getString("type").equals("next")) {
                    continue;
                }
                seen++;
                Object payload = m.getValue("payload");
                JsonObject error = payload instanceof io.vertx.core.json.JsonArray a ? a.getJsonObject(0)
                        : ((JsonObject) payload).getJsonArray("errors").getJsonObject(0);
                assertNotNull(error.getJsonObject("extensions"), m.encode());
                String code = error.getJsonObject("extensions").getString("code");
                assertTrue(code != null && code.equals(code.toUpperCase()), m.encode());
                if (m.getString("id").equals("4")) {
                    assertEquals("VALIDATION", code, m.encode());
                    assertTrue(error.getString("message").startsWith("Malformed GraphQL document"), m.encode());
                }
                if (m.getString("id").equals("5")) {
                    assertEquals("VALIDATION", code, m.encode());
                }
            }
            socket.close();
        } finally {
            vertx.close();
        }
    }
}
