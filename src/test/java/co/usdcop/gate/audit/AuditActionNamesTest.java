package co.usdcop.gate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.OwnerDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One naming style for audit actions: new rows must use it, and rows written under an old name are renamed by
 * migration V77 without breaking the chain (the hash covers the name they were written with, and the verifier
 * checks that the new name is that name's rename).
 */
@QuarkusTest
class AuditActionNamesTest {

    @Inject
    AuditLog audit;

    @Inject
    AuditService service;

    @Inject
    AuditKeys keys;

    @Test
    void everyDeclaredActionHasTheStyleAndOthersAreRefused() throws Exception {
        for (var field : AuditActions.class.getFields()) {
            if (field.getType() == String.class) {
                assertTrue(AuditActions.isWellFormed((String) field.get(null)), field.getName());
            }
        }
        AuditActions.RENAMED.values().forEach(name -> assertTrue(AuditActions.isWellFormed(name), name));
        assertThrows(IllegalArgumentException.class, () -> audit.record("PROMOTION_VOTED", "proposal", "x", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> audit.record("promotion.Voted", "proposal", "x", Map.of()));
    }

    @Test
    void rowsWrittenUnderAnOldNameAreRenamedAndStillVerify() throws Exception {
        AuditEntry head = audit.record("test.head_written", "test", "names-1", Map.of());
        AuditEntry old = new AuditEntry();
        old.seq = head.seq + 1;
        old.prevHash = head.hash;
        old.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        old.createdAt = old.at;
        old.actor = "alice";
        old.actorName = "Alice";
        old.action = "PROMOTION_VOTED";
        old.entity = "proposal";
        old.entityId = "names-1";
        old.details = "{}";
        old.keyId = keys.currentId();
        old.hash = AuditChain.hash(old, keys);
        String migration = Files.readString(Path.of("db/migration/V77__audit_action_names.sql"));
        String rename = migration.substring(migration.indexOf("alter table approval_audit_log disable trigger"));
        try (Connection c = OwnerDatabase.connect()) {
            try (PreparedStatement ps = c.prepareStatement("insert into approval_audit_log (seq, at, actor, actor_name,"
                    + " action, entity, entity_id, details, prev_hash, hash, created_at, key_id)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
                ps.setLong(1, old.seq);
                ps.setObject(2, OffsetDateTime.ofInstant(old.at, ZoneOffset.UTC));
                ps.setString(3, old.actor);
                ps.setString(4, old.actorName);
                ps.setString(5, old.action);
                ps.setString(6, old.entity);
                ps.setString(7, old.entityId);
                ps.setString(8, old.details);
                ps.setString(9, old.prevHash);
                ps.setString(10, old.hash);
                ps.setObject(11, OffsetDateTime.ofInstant(old.createdAt, ZoneOffset.UTC));
                ps.setString(12, old.keyId);
                ps.executeUpdate();
            }
            assertTrue(service.verify().intact(), "the row written under the old name verifies");
            try (Statement s = c.createStatement()) {
                s.execute(rename);
                try (ResultSet rs = s.executeQuery("select action, written_action from approval_audit_log where seq = "
                        + old.seq)) {
                    rs.next();
                    assertEquals(AuditActions.PROMOTION_VOTED, rs.getString(1));
                    assertEquals("PROMOTION_VOTED", rs.getString(2));
                }
            }
            AuditService.ChainVerification renamed = service.verify();
            assertTrue(renamed.intact(), renamed::problem);

            try (Statement s = c.createStatement()) {
                s.execute("alter table approval_audit_log disable trigger user");
                s.execute("update approval_audit_log set action = 'promotion.decided' where seq = " + old.seq);
                AuditService.ChainVerification tampered = service.verify();
                assertFalse(tampered.intact());
                assertEquals(old.seq, tampered.firstBrokenSeq());
                s.execute("update approval_audit_log set action = 'promotion.voted' where seq = " + old.seq);
                s.execute("alter table approval_audit_log enable trigger user");
            }
        }
        assertTrue(service.verify().intact());
    }
}
