package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may call what: each row is an operation, a caller and the expected outcome (OK or an error code). */
@QuarkusTest
class RoleMatrixTest {

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource({
            "'{ me { name } }',                        ,       UNAUTHORIZED",
            "'{ me { name } }',                        nina,   OK",
            "'{ me { name } }',                        otto,   OK",
            "'{ config { improvementThreshold } }',    ,       UNAUTHORIZED",
            "'{ config { improvementThreshold } }',    nina,   OK",
            "'{ auditLog { total } }',                 ,       UNAUTHORIZED",
            "'{ auditLog { total } }',                 rita,   FORBIDDEN",
            "'{ auditLog { total } }',                 otto,   FORBIDDEN",
            "'{ auditLog { total } }',                 nina,   FORBIDDEN",
            "'{ auditLog { total } }',                 alice,  OK",
            "'{ auditLog { total } }',                 carol,  OK",
            "'{ verifyAuditChain { intact } }',        alice,  FORBIDDEN",
            "'{ verifyAuditChain { intact } }',        rita,   FORBIDDEN",
            "'{ verifyAuditChain { intact } }',        dave,   OK",
            "'{ auditActions }',                       rita,   FORBIDDEN",
            "'{ auditActions }',                       alice,  OK",
            "'{ notificationDeliveries { total } }',   otto,   FORBIDDEN",
            "'{ notificationDeliveries { total } }',   nina,   FORBIDDEN",
            "'{ notificationDeliveries { total } }',   carol,  OK",
            "'{ artifacts(kind: \"dataset\") { total } }', nina, FORBIDDEN",
            "'{ artifacts(kind: \"dataset\") { total } }', rita, OK",
            "'{ proposalPreview(modelId: \"m\", targetStage: \"staging\", backtestId: \"b\") { targetStage } }', alice, FORBIDDEN",
            "'{ proposalPreview(modelId: \"nope\", targetStage: \"staging\", backtestId: \"b\") { targetStage } }', rita, NOT_FOUND",
    })
    void roleMatrix(String query, String user, String expected) {
        JsonPath r = user == null ? GraphQL.anonymous(query) : GraphQL.as(user, query);
        String code = GraphQL.errorCode(r);
        assertEquals(expected, code == null ? "OK" : code, r::prettify);
    }
}
