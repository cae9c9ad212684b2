package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.audit.AuditAnchors;
import co.usdcop.gate.audit.AuditChain;
import co.usdcop.gate.audit.AuditEntry;
import co.usdcop.gate.audit.AuditKeys;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.audit.AuditService;
import co.usdcop.gate.audit.AuditService.ChainVerification;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.support.OwnerDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit chain survives its own database: the tables' owner, with triggers disabled, deletes the newest rows or
 * rewrites the newest row and recomputes its hash (with the public unkeyed rule, or even with the HMAC key), and
 * {@code verifyAuditChain} reports it, because every append is anchored outside the database.
 */
@QuarkusTest
class AuditChainTamperTest {

    @Inject
    AuditLog audit;

    @Inject
    AuditService service;

    @Inject
    AuditKeys keys;

    @Inject
    AuditAnchors anchors;

    /** Runs {@code sql} as the owner with triggers off (what an attacker with the owner's password can do). */
    private static void asOwnerWithoutTriggers(String... sql) throws Exception {
        try (Connection c = OwnerDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("alter table approval_audit_log disable trigger user");
            try {
                for (String statement : sql) {
                    s.execute(statement);
                }
            } finally {
                s.execute("alter table approval_audit_log enable trigger user");
            }
        }
    }

    private static List<String> rowsFrom(long seq) throws Exception {
        List<String> inserts = new ArrayList<>();
        try (Connection c = OwnerDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "select format('insert into approval_audit_log select * from json_populate_record(null::approval_audit_log, %L)',"
                        + " row_to_json(a)) from approval_audit_log a where seq >= ? order by seq")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    inserts.add(rs.getString(1));
                }
            }
        }
        return inserts;
    }

    @Test
    void deletingTheNewestRowsIsReported() throws Exception {
        audit.record("test.first_written", "test", "tail-1", Map.of());
        audit.record("test.second_written", "test", "tail-2", Map.of());
        AuditEntry newest = audit.record("test.third_written", "test", "tail-3", Map.of());
        assertTrue(service.verify().intact(), () -> service.verify().problem());
        assertEquals(newest.seq, anchors.newest().orElseThrow().seq(), "the append was anchored at commit");

        List<String> saved = rowsFrom(newest.seq - 1);
        asOwnerWithoutTriggers("delete from approval_audit_log where seq >= " + (newest.seq - 1));
        try {
            ChainVerification v = service.verify();
            assertFalse(v.intact(), "a chain two rows shorter than its anchor is not intact");
            assertEquals(newest.seq - 1, v.firstBrokenSeq());
            assertTrue(v.problem().contains("were deleted") && v.problem().contains(String.valueOf(newest.seq)),
                    v.problem());
        } finally {
            asOwnerWithoutTriggers(saved.toArray(String[]::new));
        }
        assertTrue(service.verify().intact(), "the restored rows restore the chain");
    }

    @Test
    void rewritingTheNewestRowWithTheUnkeyedPublicHashIsReported() throws Exception {
        AuditEntry newest = audit.record("test.amount_set", "test", "rehash-1", Map.of("amount", 100));
        String forgedDetails = "{\"amount\": 1}";
        AuditEntry forged = copy(newest);
        forged.details = forgedDetails;
        forged.keyId = null;
        String publicHash = AuditChain.hash(forged, keys);
        asOwnerWithoutTriggers("update approval_audit_log set details = '" + forgedDetails + "', key_id = null,"
                + " hash = '" + publicHash + "' where seq = " + newest.seq);
        try {
            ChainVerification v = service.verify();
            assertFalse(v.intact());
            assertEquals(newest.seq, v.firstBrokenSeq());
        } finally {
            asOwnerWithoutTriggers("update approval_audit_log set details = '" + newest.details + "', key_id = '"
                    + newest.keyId + "', hash = '" + newest.hash + "' where seq = " + newest.seq);
        }
        assertTrue(service.verify().intact());
    }

    @Test
    void rewritingTheNewestRowEvenWithTheKeyIsReportedByTheAnchor() throws Exception {
        AuditEntry newest = audit.record("test.amount_set", "test", "rehash-2", Map.of("amount", 100));
        AuditEntry forged = copy(newest);
        forged.details = "{\"amount\": 1}";
        String keyedHash = AuditChain.hash(forged, keys);
        assertNotEquals(newest.hash, keyedHash);
        asOwnerWithoutTriggers("update approval_audit_log set details = '" + forged.details + "', hash = '"
                + keyedHash + "' where seq = " + newest.seq);
        try {
            ChainVerification v = service.verify();
            assertFalse(v.intact(), "only the anchor can tell: the row and its hash agree");
            assertEquals(newest.seq, v.firstBrokenSeq());
            assertTrue(v.problem().contains("differs from its anchor"), v.problem());
        } finally {
            asOwnerWithoutTriggers("update approval_audit_log set details = '" + newest.details + "', hash = '"
                    + newest.hash + "' where seq = " + newest.seq);
        }
        assertTrue(service.verify().intact());
    }

    @Test
    void createdAtIsHashedAndTheKeyIsNotThePublicRule() throws Exception {
        AuditEntry e = audit.record("test.time_written", "test", "created-1", Map.of());
        AuditEntry moved = copy(e);
        moved.createdAt = e.createdAt.plusSeconds(3600);
        assertNotEquals(e.hash, AuditChain.hash(moved, keys), "created_at is part of the hash");
        AuditEntry unkeyed = copy(e);
        unkeyed.keyId = null;
        assertNotEquals(e.hash, AuditChain.hash(unkeyed, keys), "the keyed hash is not the public SHA-256");
        assertEquals(64, Hashes.sha256Hex("x").length());
    }

    private static AuditEntry copy(AuditEntry e) {
        AuditEntry c = new AuditEntry();
        c.seq = e.seq;
        c.at = e.at;
        c.actor = e.actor;
        c.actorName = e.actorName;
        c.action = e.action;
        c.entity = e.entity;
        c.entityId = e.entityId;
        c.details = e.details;
        c.clientIp = e.clientIp;
        c.userAgent = e.userAgent;
        c.prevHash = e.prevHash;
        c.hash = e.hash;
        c.createdAt = e.createdAt;
        c.keyId = e.keyId;
        return c;
    }
}
