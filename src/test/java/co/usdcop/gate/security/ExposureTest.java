package co.usdcop.gate.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.test.oidc.client.OidcTestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the service shows and whom it believes: the schema only to logged-in callers, the audit log records the
 * connection's address whatever X-Forwarded-For says (no proxy is trusted by default), and the identity of
 * automatic actions cannot be carried by any token.
 */
@QuarkusTest
class ExposureTest {

    @Test
    void theSchemaIsServedToLoggedInCallersOnly() {
        Response anonymous = given().get("/graphql/schema.graphql");
        assertEquals(401, anonymous.statusCode(), anonymous.asString());
        assertEquals("UNAUTHORIZED", anonymous.jsonPath().getString("errors[0].extensions.code"));
        Response loggedIn = given().auth().oauth2(DemoUsers.token(DemoUsers.NO_ROLE)).get("/graphql/schema.graphql");
        assertEquals(200, loggedIn.statusCode());
        assertTrue(loggedIn.asString().contains("verifyAuditChain"), "the schema text is served");
    }

    @Test
    void aForgedForwardedForHeaderIsNotRecorded() {
        String yaml = RegistryFixtures.experimentYaml("xff_probe", "1.0.0", null);
        JsonPath r = given().auth().oauth2(DemoUsers.token(DemoUsers.RESEARCHER)).contentType("application/json")
                .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.10")
                .header("User-Agent", "forging-script/1.0")
                .body(Map.of("query", "mutation($y: String!) { registerExperiment(yaml: $y) { contract { contractId } } }",
                        "variables", Map.of("y", yaml)))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertNull(r.get("errors"), r::prettify);
        String contractId = r.getString("data.registerExperiment.contract.contractId");
        JsonPath audit = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { auditLog(entityId: $id) { items {"
                + " clientIp userAgent } } }", Map.of("id", contractId));
        String ip = audit.getString("data.auditLog.items[0].clientIp");
        assertTrue(ip != null && !ip.contains("203.0.113"), audit::prettify);
        assertTrue(ip.equals("127.0.0.1") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1"), "connection address: " + ip);
        assertEquals("forging-script/1.0", audit.getString("data.auditLog.items[0].userAgent"),
                "the user agent is the caller's own claim and is recorded as such");
    }

    @Test
    void noTokenCanCarryTheIdentityOfAutomaticActions() {
        assertTrue(CurrentUser.SYSTEM.startsWith(CurrentUser.RESERVED_PREFIX));
        assertNotEquals("system", CurrentUser.SYSTEM);
        // a user of the OIDC provider whose subject is the service's own identity (test profile only)
        String token = new OidcTestClient().getAccessToken(CurrentUser.SYSTEM, CurrentUser.SYSTEM);
        Response r = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("query", "{ me { subject } }")).post("/graphql");
        assertEquals(401, r.statusCode(), r.asString());
        assertEquals("UNAUTHORIZED", r.jsonPath().getString("errors[0].extensions.code"));
    }
}
