package co.usdcop.gate.audit;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash-chain rule, in one place for writer and verifier:
 * {@code hash = SHA-256(prev_hash + "\n" + canonicalJson({seq, at, actor, actor_name, action, entity, entity_id,
 * details, client_ip, user_agent}))}, with {@code at} as ISO-8601 UTC (microseconds, as stored) and
 * {@code details} in canonical JSON. The first row links to {@link #GENESIS}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(AuditEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", e.seq);
        row.put("at", e.at.toString());
        row.put("actor", e.actor);
        row.put("actor_name", e.actorName);
        row.put("action", e.action);
        row.put("entity", e.entity);
        row.put("entity_id", e.entityId);
        row.put("details", CanonicalJson.tree(CanonicalJson.ofJson(e.details)));
        row.put("client_ip", e.clientIp);
        row.put("user_agent", e.userAgent);
        return Hashes.sha256Hex(e.prevHash + "\n" + CanonicalJson.of(row));
    }
}
