package co.usdcop.gate.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Keys and anchors of the audit chain (prefix {@code usdcop.audit}); rotation in {@code docs/security.md}. */
@ConfigMapping(prefix = "usdcop.audit")
public interface AuditConfig {

    /** Secret of the HMAC-SHA256 that hashes new rows, at least 32 characters; env {@code USDCOP_AUDIT_HMAC_KEY}. */
    String hmacKey();

    /** Name of {@link #hmacKey()}, stored in every row it hashes; env {@code USDCOP_AUDIT_HMAC_KEY_ID}. */
    @WithDefault("k1")
    String hmacKeyId();

    /** Retired keys still needed to verify older rows, each {@code id=secret}; env {@code USDCOP_AUDIT_PREVIOUS_HMAC_KEYS}. */
    Optional<List<String>> previousHmacKeys();

    /** Append-only file of chain heads (seq, hash); default {@code <data-dir>/audit/anchors-<schema>.log}. */
    Optional<String> anchorFile();

    /** How often the head is anchored even without appends (also catches appends of other replicas). */
    @WithDefault("60s")
    Duration anchorInterval();
}
