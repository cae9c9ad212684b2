package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import co.usdcop.gate.support.OwnerDatabase;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * After the database closed every pooled connection of the service (what a PostgreSQL restart does), reads keep
 * working: the pool validates connections and a query that still meets a dead one runs once more.
 */
@QuarkusTest
class StaleConnectionTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName")
    String applicationName;

    private int terminateTheServicesSessions() throws Exception {
        try (Connection c = OwnerDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where application_name = ? and pid <> pg_backend_pid()")) {
            s.setString(1, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void readsSurviveTerminatedBackends() throws Exception {
        for (int round = 0; round < 3; round++) {
            // warm the pool with several connections, then kill them all
            for (int i = 0; i < 5; i++) {
                assertNull(GraphQL.as(DemoUsers.REVIEWER, "{ auditLog(limit: 1) { total } }").get("errors"));
            }
            int killed = terminateTheServicesSessions();
            assertTrue(killed > 0, "the service had open sessions to terminate");
            for (int request = 0; request < 10; request++) {
                int i = request;
                JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ auditLog(limit: 1) { total } models(limit: 1) { total } }");
                assertNull(r.get("errors"), () -> "request " + i + " after terminating the sessions: " + r.prettify());
            }
        }
    }
}
