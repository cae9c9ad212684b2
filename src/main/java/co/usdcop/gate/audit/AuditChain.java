package co.usdcop.gate.audit;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash-chain rule, in one place for writer and verifier. A row links to the previous row's hash (the first
 * row to {@link #GENESIS}) and its own hash is
 * {@code HMAC-SHA256(key[key_id], prev_hash + "\n" + canonicalJson({seq, at, actor, actor_name, action, entity,
 * entity_id, details, client_ip, user_agent, created_at, key_id}))}: every column but the hashes themselves, with
 * instants as ISO-8601 UTC (microseconds, as stored) and {@code details} in canonical JSON. The key is outside the
 * database, so whoever can write the table but not read the service's configuration cannot forge a row. A row whose
 * action was renamed to the current naming style ({@link AuditActions}) is hashed with the name it was written with
 * ({@code written_action}).
 *
 * <p>Rows written before keys were introduced ({@code key_id} null) keep the unkeyed rule {@code SHA-256(prev_hash
 * + "\n" + canonicalJson({seq, ..., user_agent}))}; the verifier accepts them only before the first keyed row.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(AuditEntry e, AuditKeys keys) {
        if (e.keyId == null) {
            return Hashes.sha256Hex(e.prevHash + "\n" + CanonicalJson.of(legacyFields(e)));
        }
        Map<String, Object> row = legacyFields(e);
        row.put("created_at", e.createdAt == null ? null : e.createdAt.toString());
        row.put("key_id", e.keyId);
        return keys.hmacHex(e.keyId, e.prevHash + "\n" + CanonicalJson.of(row));
    }

    private static Map<String, Object> legacyFields(AuditEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", e.seq);
        row.put("at", e.at.toString());
        row.put("actor", e.actor);
        row.put("actor_name", e.actorName);
        row.put("action", e.writtenAction != null ? e.writtenAction : e.action);
        row.put("entity", e.entity);
        row.put("entity_id", e.entityId);
        row.put("details", CanonicalJson.tree(CanonicalJson.ofJson(e.details)));
        row.put("client_ip", e.clientIp);
        row.put("user_agent", e.userAgent);
        return row;
    }
}
