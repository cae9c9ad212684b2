package co.usdcop.gate.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health (with the database check), Prometheus metrics, the dashboard and login redirect are served. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void dashboardIsServedAndLoginStartsTheCodeFlow() {
        given().get("/").then().statusCode(200).body(containsString("usdcop-gate"));
        given().redirects().follow(false).get("/login").then().statusCode(302)
                .header("Location", containsString("response_type=code"));
    }

    @Test
    void authInfoTellsScriptsWhereToGetTokens() {
        String discovery = given().get("/api/auth").then().statusCode(200)
                .body("clientId", equalTo("quarkus-app"))
                .body("roleClaim", equalTo("groups"))
                .extract().path("discovery");
        given().get(discovery).then().statusCode(200).body("token_endpoint", containsString("/token"));
    }
}
