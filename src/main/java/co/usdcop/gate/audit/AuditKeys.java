package co.usdcop.gate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC keys of the audit chain: the current one for new rows, the retired ones for verifying older rows. */
@ApplicationScoped
public class AuditKeys {

    static final int MIN_KEY_CHARS = 32;

    private final String currentId;
    private final Map<String, byte[]> secrets = new HashMap<>();

    @Inject
    public AuditKeys(AuditConfig config) {
        this(config.hmacKeyId(), config.hmacKey(), config.previousHmacKeys().orElse(java.util.List.of()));
    }

    AuditKeys(String currentId, String currentSecret, java.util.List<String> previous) {
        for (String entry : previous) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("usdcop.audit.previous-hmac-keys: each entry must be id=secret");
            }
            put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
        }
        put(currentId, currentSecret);
        this.currentId = currentId;
    }

    private void put(String id, String secret) {
        if (id.isBlank() || secret == null || secret.length() < MIN_KEY_CHARS) {
            throw new IllegalStateException("audit HMAC key '" + id + "' must have at least " + MIN_KEY_CHARS
                    + " characters (usdcop.audit.hmac-key / USDCOP_AUDIT_HMAC_KEY)");
        }
        secrets.put(id, secret.getBytes(StandardCharsets.UTF_8));
    }

    public String currentId() {
        return currentId;
    }

    public boolean knows(String keyId) {
        return secrets.containsKey(keyId);
    }

    /** HMAC-SHA256 of {@code text} under key {@code keyId}, lower-case hex. */
    public String hmacHex(String keyId, String text) {
        byte[] secret = secrets.get(keyId);
        if (secret == null) {
            throw new IllegalArgumentException("unknown audit key id " + keyId);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
