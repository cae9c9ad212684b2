package co.usdcop.gate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.Browser;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The service against a real Keycloak (the server distribution from Maven Central, unpacked by the {@code keycloak}
 * Maven profile into {@code target/keycloak}) with the realm of {@code docker/keycloak/usdcop-realm.json}, as
 * deployed: the packaged jar in the prod profile, which requires the token audience. Keycloak runs on the Java named by
 * {@code keycloak.java.home} or {@code USDCOP_KEYCLOAK_JAVA_HOME} (Temurin 25
 * by default).
 */
class KeycloakIT {

    private static final String KEYCLOAK_HOME = System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3");
    private static final String KEYCLOAK_JAVA = System.getProperty("keycloak.java.home",
            System.getenv().getOrDefault("USDCOP_KEYCLOAK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final String SCHEMA = PackagedRun.schema("keycloak");
    /** Demo users of the realm (password = user name) and the roles their groups give. */
    private static final Map<String, List<String>> DEMO_USERS = Map.of(
            "rita", List.of("researcher"), "rafael", List.of("researcher"),
            "alice", List.of("reviewer"), "bob", List.of("reviewer"),
            "carol", List.of("admin", "reviewer"), "dave", List.of("admin", "reviewer"),
            "otto", List.of("automation"));

    private static Process keycloak;
    private static String issuer;
    private static Replica service;

    @BeforeAll
    static void startKeycloakAndTheService() throws Exception {
        int servicePort = freePort();
        int keycloakPort = freePort();
        // the realm as shipped, plus this run's dashboard address as a redirect URI of the usdcop-gate client
        Path home = Path.of(KEYCLOAK_HOME).toAbsolutePath();
        assertTrue(Files.isDirectory(home.resolve("bin")), "Keycloak unpacked in " + home + " (run with -Pkeycloak)");
        // a fresh dev database, so the realm (with this run's redirect URI) is imported again
        Path h2 = home.resolve("data/h2");
        if (Files.isDirectory(h2)) {
            try (var files = Files.walk(h2)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        String realm = Files.readString(Path.of("docker/keycloak/usdcop-realm.json"))
                .replace("\"http://localhost:8080/*\"", "\"http://localhost:8080/*\", \"http://localhost:" + servicePort
                        + "/*\"");
        Files.writeString(imports.resolve("usdcop-realm.json"), realm);

        Path log = Path.of("target", "replicas", "keycloak.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder kc = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-port", String.valueOf(keycloakPort), "--hostname", "http://localhost:" + keycloakPort)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        kc.environment().put("JAVA_HOME", KEYCLOAK_JAVA);
        kc.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        kc.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        keycloak = kc.start();
        issuer = "http://localhost:" + keycloakPort + "/realms/usdcop";
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (true) {
            assertTrue(keycloak.isAlive(), "Keycloak exited; see " + log);
            assertTrue(System.nanoTime() < deadline, "Keycloak not ready in 15 min; see " + log);
            try {
                if (given().get(issuer + "/.well-known/openid-configuration").statusCode() == 200) {
                    break;
                }
            } catch (Exception e) { // a refused connection (REST Assured throws it unchecked)
                // not listening yet
            }
            Thread.sleep(1000);
        }

        PackagedRun.dropSchema(SCHEMA);
        Map<String, String> props = PackagedRun.service(SCHEMA, Path.of("config"),
                Path.of("target", "replicas", "keycloak-data"));
        props.put("quarkus.oidc.auth-server-url", issuer);
        props.put("quarkus.oidc.client-id", "usdcop-gate");
        props.put("quarkus.oidc.credentials.secret", "change-me");
        props.put("quarkus.oidc.token-state-manager.encryption-secret", "keycloak-it-session-cookie-key-32-characters");
        service = Replica.start("keycloak-service", props, Duration.ofMinutes(5), servicePort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (keycloak != null) {
            keycloak.destroy();
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly();
            }
        }
    }

    private static String passwordGrant(String clientId, String secret, String user) {
        Response r = given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", clientId).formParam("client_secret", secret)
                .formParam("username", user).formParam("password", user)
                .post(issuer + "/protocol/openid-connect/token");
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath().getString("access_token");
    }

    private static Response me(String token) {
        return given().baseUri(service.url()).contentType(ContentType.JSON).auth().oauth2(token)
                .body(Map.of("query", "{ me { subject name roles } }")).post("/graphql");
    }

    @Test
    void eachDemoUsersPasswordGrantTokenCarriesItsRoles() {
        DEMO_USERS.forEach((user, roles) -> {
            String token = passwordGrant("usdcop-gate", "change-me", user);
            JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    StandardCharsets.UTF_8));
            Object aud = claims.get("aud"); // a string for one audience, an array for several
            assertTrue(aud instanceof List<?> l ? l.contains("usdcop-gate") : "usdcop-gate".equals(aud),
                    "the audience mapper names the service: " + claims.prettify());
            Response r = me(token);
            assertEquals(200, r.statusCode(), r.asString());
            List<String> seen = r.jsonPath().getList("data.me.roles");
            assertNotNull(seen, r.asString());
            assertEquals(roles.stream().sorted().toList(), seen.stream().sorted().toList(), user);
        });
    }

    @Test
    void aTokenIssuedToAnotherClientOfTheRealmIsRefused() {
        String token = passwordGrant("usdcop-notebook", "notebook-secret", "carol");
        Response r = me(token);
        assertEquals(401, r.statusCode(), "a token for usdcop-notebook: " + r.asString());
        // the same user through the service's own client is accepted
        assertEquals(200, me(passwordGrant("usdcop-gate", "change-me", "carol")).statusCode());
    }

    @Test
    void theAuthorizationCodeLoginInChromiumLandsOnTheDashboardSignedIn() throws Exception {
        try (Browser browser = Browser.open(URI.create("http://localhost:" + service.port + "/").toURL())) {
            browser.go("");
            browser.visible(By.id("login-button")).click();
            browser.until(d -> d.getCurrentUrl().startsWith("http://localhost:") && d.getCurrentUrl()
                    .contains("/realms/usdcop/"), "the Keycloak login page");
            browser.visible(By.id("username")).sendKeys("alice");
            browser.visible(By.id("password")).sendKeys("alice");
            browser.screenshot("keycloak-login");
            browser.visible(By.id("kc-login")).click();
            browser.until(d -> d.getCurrentUrl().startsWith(browser.baseUrl()) && !d.getCurrentUrl().contains("/login"),
                    "the redirect back to the dashboard");
            assertTrue(browser.visible(By.id("user-name")).getText().toLowerCase().contains("alice"));
            assertEquals("reviewer", browser.visible(By.id("user-roles")).getText().trim());
            browser.screenshot("keycloak-dashboard-signed-in");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
