package co.usdcop.gate.notifications;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver checks: header {@value #HEADER} = {@code sha256=} + lower-case hex of
 * HMAC-SHA256(key = the endpoint's secret as UTF-8, message = the exact body bytes). Receivers compare it in constant
 * time and de-duplicate by the {@value #DELIVERY_HEADER} header (a retry repeats the same id and body).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Usdcop-Signature";
    public static final String EVENT_HEADER = "X-Usdcop-Event";
    public static final String DELIVERY_HEADER = "X-Usdcop-Delivery";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
