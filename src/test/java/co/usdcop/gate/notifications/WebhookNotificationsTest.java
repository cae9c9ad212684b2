package co.usdcop.gate.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Signed webhooks against a real local receiver (the JDK's HttpServer): the kill switch is tripped while the receiver
 * is down, the delivery is retried with backoff and recorded, and once the receiver is up it gets the body with a
 * valid HMAC-SHA256 signature; the history is readable through GraphQL.
 */
@QuarkusTest
@TestProfile(WebhookNotificationsTest.WithReceiver.class)
class WebhookNotificationsTest {

    @TestHTTPResource("/")
    URL base;

    static final String SECRET = "test-webhook-secret-0123456789";

    /** One endpoint on a free local port, subscribed to kill-switch changes and holds; fast retries. */
    public static class WithReceiver implements QuarkusTestProfile {

        static final int PORT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usdcop.notifications.endpoints.desk.url", "http://127.0.0.1:" + PORT + "/hook",
                    "usdcop.notifications.endpoints.desk.secret", SECRET,
                    "usdcop.notifications.endpoints.desk.events", "kill_switch,hold",
                    "usdcop.notifications.deliver-every", "1s",
                    "usdcop.notifications.initial-backoff", "1s",
                    "usdcop.notifications.max-backoff", "2s",
                    "usdcop.notifications.max-attempts", "50");
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Received(String signature, String event, String delivery, String body) {
    }

    private static final String DELIVERIES = """
            query($e: String) { notificationDeliveries(event: $e, limit: 20) { total items {
              id endpoint event auditSeq status attempts lastStatus lastError deliveredAt body } } }""";

    @Test
    void aKillSwitchTripIsRetriedWhileTheReceiverIsDownAndDeliveredSignedWhenItComesBack() throws IOException {
        JsonPath before = GraphQL.as(DemoUsers.ADMIN, DELIVERIES, Map.of("e", "kill_switch"));
        int known = before.getInt("data.notificationDeliveries.total");

        JsonPath trip = GraphQL.as(DemoUsers.ADMIN, "mutation { tripKillSwitch(reason: \"webhook test: receiver down\") { tripped } }");
        assertNull(trip.get("errors"), trip::prettify);

        // nobody listens yet: attempts pile up with the transport error recorded, still pending
        Map<String, Object> pending = await("two failed attempts", () -> {
            List<Map<String, Object>> items = GraphQL.as(DemoUsers.REVIEWER, DELIVERIES, Map.of("e", "kill_switch"))
                    .getList("data.notificationDeliveries.items");
            return items.size() > known && ((Number) items.get(0).get("attempts")).intValue() >= 2 ? items.get(0) : null;
        });
        assertEquals("pending", pending.get("status"));
        assertTrue(String.valueOf(pending.get("lastError")).contains("ConnectException"), pending.toString());
        assertEquals("desk", pending.get("endpoint"));

        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", WithReceiver.PORT), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_HEADER),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Received r = await("the delivery at the receiver", () -> received.stream()
                    .filter(x -> x.delivery().equals(pending.get("id"))).findFirst().orElse(null));
            assertEquals("kill_switch", r.event());
            assertEquals(WebhookSignature.sign(SECRET, r.body().getBytes(StandardCharsets.UTF_8)), r.signature());
            JsonPath body = JsonPath.from(r.body());
            assertEquals("kill_switch", body.getString("event"));
            assertEquals("webhook test: receiver down", body.getString("details.reason"));
            assertEquals(pending.get("body"), r.body(), "the history keeps the exact signed body");

            Map<String, Object> delivered = await("the delivery recorded as delivered", () -> {
                Map<String, Object> d = GraphQL.as(DemoUsers.ADMIN, DELIVERIES, Map.of("e", "kill_switch"))
                        .getMap("data.notificationDeliveries.items[0]");
                return "delivered".equals(d.get("status")) ? d : null;
            });
            assertEquals(pending.get("id"), delivered.get("id"));
            assertTrue(((Number) delivered.get("attempts")).intValue() >= 3, delivered.toString());
            assertEquals(204, ((Number) delivered.get("lastStatus")).intValue());

            // the history on the Audit page
            try (Browser carol = Browser.loggedIn(base, DemoUsers.ADMIN)) {
                carol.go("#/audit");
                WebElement row = carol.visible(By.cssSelector("#notification-deliveries tr[data-delivery='" + pending.get("id") + "']"));
                String text = row.getText();
                assertTrue(text.contains("kill_switch") && text.contains("delivered") && text.contains("HTTP 204"), text);
                ((JavascriptExecutor) carol.driver()).executeScript(
                        "document.getElementById('notification-deliveries').scrollIntoView()");
                carol.screenshot("audit-notifications");
            }
        } finally {
            // two admins reset the switch (two-person rule) so other tests see it off
            GraphQL.as(DemoUsers.ADMIN, "mutation { resetKillSwitch(reason: \"webhook test done\") { tripped } }");
            GraphQL.as(DemoUsers.ADMIN_2, "mutation { resetKillSwitch(reason: \"webhook test done\") { tripped } }");
            receiver.stop(0);
        }
    }

    @Test
    void theHistoryIsForReviewersAndAdmins() {
        JsonPath researcher = GraphQL.as(DemoUsers.RESEARCHER, DELIVERIES, Map.of());
        assertEquals("FORBIDDEN", GraphQL.errorCode(researcher).toUpperCase());
        JsonPath badStatus = GraphQL.as(DemoUsers.ADMIN, "{ notificationDeliveries(status: \"lost\") { total } }");
        assertEquals("VALIDATION", GraphQL.errorCode(badStatus));
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("waited 60 s for " + what);
    }
}
