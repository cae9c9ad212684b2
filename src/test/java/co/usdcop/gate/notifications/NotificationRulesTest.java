package co.usdcop.gate.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event of an audit row, the backoff schedule and the signature, by hand-computed cases. */
class NotificationRulesTest {

    @Test
    void auditActionsMapToEventsWhateverTheirNamingStyle() {
        assertEquals(Optional.of(NotificationEvent.HOLD),
                NotificationEvent.of("PROMOTION_VOTED", Map.of("decision", "REQUEST_MORE_TESTS"), null));
        assertEquals(Optional.of(NotificationEvent.HOLD),
                NotificationEvent.of("promotion.voted", Map.of("decision", "REQUEST_MORE_TESTS"), null));
        assertEquals(Optional.empty(), NotificationEvent.of("PROMOTION_VOTED", Map.of("decision", "APPROVE"), null));
        assertEquals(Optional.of(NotificationEvent.DECISION), NotificationEvent.of("promotion.decided", Map.of(), null));
        assertEquals(Optional.of(NotificationEvent.ROLLBACK), NotificationEvent.of("PRODUCTION_ROLLED_BACK", Map.of(), null));
        assertEquals(Optional.of(NotificationEvent.KILL_SWITCH), NotificationEvent.of("kill_switch.tripped", Map.of(), null));
        assertEquals(Optional.of(NotificationEvent.KILL_SWITCH), NotificationEvent.of("KILL_SWITCH_RESET_APPROVED", Map.of(), null));
        assertEquals(Optional.of(NotificationEvent.DRIFT_ALERT), NotificationEvent.of("MONITORING_ALERT_RAISED", Map.of(), null));
        assertEquals(Optional.empty(), NotificationEvent.of("artifact.uploaded", Map.of(), null));
    }

    @Test
    void endpointEventListsParseAndRefuseUnknownNames() {
        assertEquals(Set.of(NotificationEvent.values()), NotificationEvent.parse("x", java.util.List.of("all")));
        assertEquals(Set.of(NotificationEvent.HOLD, NotificationEvent.ROLLBACK),
                NotificationEvent.parse("x", java.util.List.of("hold", " rollback")));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> NotificationEvent.parse("ops", java.util.List.of("holds")));
        assertTrue(e.getMessage().contains("usdcop.notifications.endpoints.ops.events"), e.getMessage());
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        Duration initial = Duration.ofSeconds(5);
        Duration max = Duration.ofMinutes(1);
        assertEquals(Duration.ofSeconds(5), WebhookDeliverer.backoff(1, initial, max));
        assertEquals(Duration.ofSeconds(10), WebhookDeliverer.backoff(2, initial, max));
        assertEquals(Duration.ofSeconds(40), WebhookDeliverer.backoff(4, initial, max));
        assertEquals(Duration.ofMinutes(1), WebhookDeliverer.backoff(5, initial, max), "80 s capped at 60 s");
        assertEquals(Duration.ofMinutes(1), WebhookDeliverer.backoff(1_000, initial, max));
    }

    @Test
    void signatureIsHmacSha256OfTheBodyInHex() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
    }
}
