package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityGraphQLApiTest {

    private static final String ME = "{ me { subject name roles } }";

    @Test
    void meReturnsTheCallerAndRolesFromTheGroupsClaim() {
        JsonPath r = GraphQL.as(DemoUsers.ADMIN, ME);
        assertNull(r.get("errors"), () -> r.prettify());
        assertTrue(r.getString("data.me.name").toLowerCase().startsWith("carol"), r::prettify);
        assertEquals(List.of("admin", "reviewer"), r.getList("data.me.roles"));
    }

    @Test
    void anonymousCallerGetsUnauthorized() {
        JsonPath r = GraphQL.anonymous(ME);
        assertEquals("UNAUTHORIZED", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains("Bearer"), r::prettify);
    }

    @Test
    void wrongRoleGetsForbiddenWithTheRolesNeeded() {
        JsonPath r = GraphQL.as(DemoUsers.RESEARCHER, "{ verifyAuditChain { intact } }");
        assertEquals("FORBIDDEN", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains("admin"), r::prettify);
    }
}
