package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.audit.AuditEntry;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.support.DatabaseRolesTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service connects as a role that owns nothing: it cannot disable the audit log's triggers, alter a table,
 * or update, delete or truncate the audit log; only SELECT and INSERT there. (This resource applies to every test:
 * the whole suite runs as that role.)
 */
@QuarkusTest
@QuarkusTestResource(DatabaseRolesTestResource.class)
class DatabaseRoleTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditLog audit;

    private static String one(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean yes(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void theServiceRoleOwnsNothingAndCannotTouchTheAuditLogsPast() throws SQLException {
        AuditEntry e = audit.record("test.role_checked", "test", "role-1", Map.of());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String me = one(s, "select current_user");
            assertEquals("usdcop_app", me);
            assertEquals("0", one(s, "select count(*) from pg_tables where schemaname = current_schema()"
                    + " and tableowner = current_user"), "the service owns no table");
            assertNotEquals(me, one(s, "select schema_owner from information_schema.schemata"
                    + " where schema_name = current_schema()"));
            assertFalse(yes(s, "select rolsuper or rolcreaterole or rolcreatedb from pg_roles where rolname = current_user"));
            for (String forbidden : new String[] {
                    "alter table approval_audit_log disable trigger user",
                    "set session_replication_role = replica",
                    "update approval_audit_log set actor = 'mallory' where seq = " + e.seq,
                    "delete from approval_audit_log where seq = " + e.seq,
                    "truncate approval_audit_log",
                    "alter table approval_audit_log add column mallory text"}) {
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(forbidden), forbidden);
                assertTrue(refused.getSQLState().equals("42501") || refused.getMessage().contains("permission denied")
                        || refused.getMessage().contains("must be owner"), forbidden + ": " + refused.getMessage());
            }
            assertTrue(yes(s, "select has_table_privilege('approval_audit_log', 'INSERT')"
                    + " and has_table_privilege('approval_audit_log', 'SELECT')"));
            assertFalse(yes(s, "select has_table_privilege('flyway_schema_history', 'SELECT')"));
        }
    }
}
