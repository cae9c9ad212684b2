package co.usdcop.gate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import co.usdcop.gate.support.OwnerDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The audit chain: append-only in the database, verifiable, never forked by concurrent writers. */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    AuditService service;

    @Test
    void databaseRefusesUpdateDeleteAndTruncate() throws SQLException {
        AuditEntry e = audit.record("test.immutable_written", "test", "x", Map.of("n", 1));
        // the owner too: the service's own role has no UPDATE, DELETE or TRUNCATE at all (DatabaseRoleTest)
        try (Connection c = OwnerDatabase.connect(); Statement s = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("update approval_audit_log set actor = 'mallory' where seq = " + e.seq));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class,
                    () -> s.executeUpdate("delete from approval_audit_log where seq = " + e.seq));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
            SQLException truncate = assertThrows(SQLException.class,
                    () -> s.executeUpdate("truncate approval_audit_log"));
            assertTrue(truncate.getMessage().contains("append-only"), truncate.getMessage());
        }
        assertTrue(service.verify().intact());
    }

    @Test
    void concurrentWritersNeverForkTheChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AuditEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                futures.add(pool.submit(() -> audit.record("test.concurrently_written", "test", "c" + n, Map.of("i", n))));
            }
            for (Future<AuditEntry> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        AuditService.ChainVerification v = service.verify();
        assertTrue(v.intact(), () -> v.problem());
        assertEquals(64, service.page(new AuditService.AuditFilter("test.concurrently_written", null, null, null, null, null),
                500, 0).total());
    }

    @Test
    void tamperedRowIsNamedByTheVerifier() throws SQLException {
        audit.record("test.tamper_before_written", "test", "t0", Map.of());
        AuditEntry victim = audit.record("test.tamper_written", "test", "t1", Map.of("amount", 100));
        audit.record("test.tamper_after_written", "test", "t2", Map.of());
        assertTrue(service.verify().intact());
        try (Connection c = OwnerDatabase.connect(); Statement s = c.createStatement()) {
            // Only the owner or a superuser bypassing triggers can do this; the verifier must still notice.
            s.execute("set session_replication_role = replica");
            s.executeUpdate("update approval_audit_log set details = '{\"amount\": 1}' where seq = " + victim.seq);
            s.execute("set session_replication_role = origin");
        }
        try {
            JsonPath r = GraphQL.as(DemoUsers.ADMIN, "{ verifyAuditChain { intact checkedRows firstBrokenSeq problem } }");
            assertNull(r.get("errors"), r::prettify);
            assertFalse(r.getBoolean("data.verifyAuditChain.intact"));
            assertEquals(victim.seq, r.getLong("data.verifyAuditChain.firstBrokenSeq"));
            assertTrue(r.getString("data.verifyAuditChain.problem").contains("altered"), r::prettify);
        } finally {
            try (Connection c = OwnerDatabase.connect(); Statement s = c.createStatement()) {
                s.execute("set session_replication_role = replica");
                s.executeUpdate("update approval_audit_log set details = '{\"amount\": 100}' where seq = " + victim.seq);
                s.execute("set session_replication_role = origin");
            }
        }
        assertTrue(service.verify().intact(), "restoring the original content restores the chain");
    }

    @Test
    void auditLogPagesAndFiltersForReviewers() {
        audit.record("test.filter_written", "widget", "w-1", Map.of("k", "v"));
        audit.record("test.filter_written", "widget", "w-2", Map.of("k", "v"));
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER,
                "{ auditLog(action: \"test.filter_written\", entityId: \"w-2\", limit: 10) { total items { seq action entityId actor details hash prevHash } } }");
        assertNull(r.get("errors"), r::prettify);
        assertEquals(1, r.getInt("data.auditLog.total"));
        assertEquals("w-2", r.getString("data.auditLog.items[0].entityId"));
        assertEquals(co.usdcop.gate.security.CurrentUser.SYSTEM, r.getString("data.auditLog.items[0].actor"));
        assertEquals("{\"k\":\"v\"}", r.getString("data.auditLog.items[0].details"));
        JsonPath forbidden = GraphQL.as(DemoUsers.AUTOMATION, "{ auditLog { total } }");
        assertEquals("FORBIDDEN", GraphQL.errorCode(forbidden), forbidden::prettify);
        JsonPath verifyByReviewer = GraphQL.as(DemoUsers.REVIEWER, "{ verifyAuditChain { intact } }");
        assertEquals("FORBIDDEN", GraphQL.errorCode(verifyByReviewer), verifyByReviewer::prettify);
    }
}
