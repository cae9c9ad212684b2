package co.usdcop.gate.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;

/** Posts GraphQL documents to {@code /graphql} as a demo user (or anonymously) and returns the JSON response. */
public final class GraphQL {

    private GraphQL() {
    }

    public static JsonPath as(String user, String query) {
        return as(user, query, Map.of());
    }

    public static JsonPath as(String user, String query, Map<String, ?> variables) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (user != null) {
            request = request.auth().oauth2(DemoUsers.token(user));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return request.body(body).post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath anonymous(String query) {
        return as(null, query);
    }

    /** The {@code extensions.code} of the first error, or null when the call succeeded. */
    public static String errorCode(JsonPath response) {
        return response.getString("errors[0].extensions.code");
    }

    public static String errorMessage(JsonPath response) {
        return response.getString("errors[0].message");
    }
}
