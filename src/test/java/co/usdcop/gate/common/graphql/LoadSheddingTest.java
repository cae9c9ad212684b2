package co.usdcop.gate.common.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import co.usdcop.gate.support.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no room for another request in flight, GraphQL answers 503 TOO_BUSY at once; other endpoints still answer. */
@QuarkusTest
@TestProfile(LoadSheddingTest.NoRoom.class)
class LoadSheddingTest {

    public static class NoRoom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usdcop.graphql.limits.max-in-flight", "0");
        }
    }

    @Test
    void anOverloadedServiceRefusesWithACodedBusyAnswer() {
        given().auth().oauth2(DemoUsers.token("alice")).contentType(ContentType.JSON)
                .body(Map.of("query", "{ me { name } }")).post("/graphql")
                .then().statusCode(503).header("Retry-After", "1")
                .body("errors[0].extensions.code", equalTo("TOO_BUSY"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
