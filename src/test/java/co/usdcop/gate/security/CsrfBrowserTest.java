package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.junit.jupiter.api.Test;

/**
 * Cross-site request forgery in a real Chromium: a researcher logged in to the dashboard opens a page served by
 * another origin (a second HTTP server on another port of the same host, so the browser sends the session cookie
 * along). That page's {@code text/plain} and form posts to {@code /graphql} and its WebSocket are refused, and the
 * mutation they carry never runs; the dashboard itself keeps working, over HTTP and WebSocket.
 */
@QuarkusTest
class CsrfBrowserTest {

    @TestHTTPResource("/")
    URL base;

    private static final String EVIL_PAGE = """
            <!doctype html><html><body><pre id="result">running</pre><script>
            const target = '%1$s';
            const mutation = JSON.stringify({query: 'mutation($y: String!) { registerExperiment(yaml: $y) { contract { contractId } } }',
                variables: {y: %2$s}});
            const results = {};
            async function attack() {
              for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
                try {
                  await fetch(target + 'graphql', {method: 'POST', mode: 'no-cors', credentials: 'include',
                    headers: {'Content-Type': type}, body: mutation});
                  results[type] = 'sent';
                } catch (e) { results[type] = 'blocked: ' + e; }
              }
              results.ws = await new Promise(resolve => {
                const ws = new WebSocket(target.replace('http', 'ws') + 'graphql', 'graphql-transport-ws');
                ws.onopen = () => ws.send(JSON.stringify({type: 'connection_init', payload: {}}));
                ws.onmessage = m => {
                  const msg = JSON.parse(m.data);
                  if (msg.type === 'connection_ack') {
                    ws.send(JSON.stringify({id: '1', type: 'subscribe', payload: JSON.parse(mutation)}));
                  } else { resolve('ran: ' + m.data); }
                };
                ws.onerror = () => resolve('refused');
                ws.onclose = e => resolve('closed ' + e.code);
                setTimeout(() => resolve('timeout'), 10000);
              });
              document.getElementById('result').textContent = JSON.stringify(results);
            }
            attack();
            </script></body></html>""";

    @Test
    void anotherOriginCannotPostOrOpenTheWebSocketWithTheSessionCookie() throws Exception {
        String name = "csrf_probe_" + System.nanoTime();
        String yaml = RegistryFixtures.experimentYaml(name, "1.0.0", null);
        HttpServer evil = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        byte[] page = String.format(EVIL_PAGE, base.toString(), Json.encode(yaml)).getBytes(StandardCharsets.UTF_8);
        evil.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        evil.start();
        try (Browser browser = Browser.loggedIn(base, DemoUsers.RESEARCHER)) {
            // the dashboard works from its own origin, over HTTP (it showed the user) and over WebSocket
            Object ack = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
                    ws.onopen = () => ws.send(JSON.stringify({type: 'connection_init', payload: {}}));
                    ws.onmessage = m => { done(JSON.parse(m.data).type); ws.close(); };
                    ws.onerror = () => done('error');""");
            assertEquals("connection_ack", ack);

            browser.driver().get("http://localhost:" + evil.getAddress().getPort() + "/");
            String result = browser.until(d -> {
                String text = d.findElement(By.id("result")).getText();
                return text.equals("running") ? null : text;
            }, "the other origin's page to finish its attempts");
            browser.screenshot("csrf-other-origin");
            JsonObject outcome = new JsonObject(result);
            assertTrue(outcome.getString("ws").equals("refused") || outcome.getString("ws").startsWith("closed"),
                    "the WebSocket from another origin is refused: " + result);
        } finally {
            evil.stop(0);
        }
        JsonPath audit = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { auditLog(entityId: $id) { total } }",
                Map.of("id", "CTR-EXP-" + name + "-1.0.0"));
        assertNull(audit.get("errors"), audit::prettify);
        assertEquals(0, audit.getInt("data.auditLog.total"), "the forged mutation never ran");
    }
}
