package co.usdcop.gate.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The role × operation matrix: every GraphQL query, mutation and subscription and every REST route, called by each
 * kind of caller, against the expected outcome of {@code src/test/resources/security/role-matrix.psv}. A new
 * operation without a row fails {@link #everyOperationHasExactlyOneRow}, so nobody adds an operation without
 * deciding who may call it.
 */
@QuarkusTest
class OperationRoleMatrixTest {

    /** The callers of the table's columns, in order; null is anonymous. */
    static final String[] CALLERS = {null, DemoUsers.NO_ROLE, DemoUsers.RESEARCHER, DemoUsers.REVIEWER,
        DemoUsers.ADMIN, DemoUsers.AUTOMATION};

    record Row(String kind, String operation, String request, String[] expected) {
    }

    static final List<Row> ROWS = read();

    @TestHTTPResource("/graphql")
    URI graphql;

    static Vertx vertx;

    @AfterAll
    static void closeVertx() {
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void everyOperationHasExactlyOneRow() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (String op : OperationSecurityDeclarationTest.operations()) {
            declared.add(op);
        }
        Set<String> inTable = new TreeSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Row r : ROWS) {
            if (!r.kind().equals("R") && !inTable.add(r.kind() + " " + r.operation())) {
                duplicates.add(r.operation());
            }
        }
        assertTrue(duplicates.isEmpty(), "operations with two rows: " + duplicates);
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(inTable);
        Set<String> unknown = new TreeSet<>(inTable);
        unknown.removeAll(declared);
        assertTrue(missing.isEmpty(), "operations without a row in role-matrix.psv: " + missing);
        assertTrue(unknown.isEmpty(), "rows naming no operation: " + unknown);
        assertEquals(declared.size(), inTable.size());
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsTheExpectedOutcome() {
        return ROWS.stream().flatMap(row -> Arrays.stream(new int[] {0, 1, 2, 3, 4, 5}).mapToObj(i ->
                DynamicTest.dynamicTest(row.operation() + " as " + (CALLERS[i] == null ? "anonymous" : CALLERS[i])
                        + " -> " + row.expected()[i], () -> check(row, CALLERS[i], row.expected()[i]))));
    }

    private void check(Row row, String caller, String expected) throws Exception {
        String outcome = switch (row.kind()) {
            case "Q", "M" -> graphQLOutcome(row, caller);
            case "S" -> subscriptionOutcome(row, caller);
            case "R" -> restOutcome(row, caller);
            default -> throw new IllegalStateException("unknown kind " + row.kind());
        };
        if (expected.equals("A")) {
            assertTrue(!outcome.startsWith("UNAUTHORIZED") && !outcome.startsWith("FORBIDDEN"),
                    row.operation() + " as " + caller + " should be allowed, got " + outcome);
        } else {
            String code = expected.equals("U") ? "UNAUTHORIZED" : "FORBIDDEN";
            assertTrue(outcome.startsWith(code), row.operation() + " as " + caller + ": expected " + code + ", got "
                    + outcome);
        }
    }

    private static String graphQLOutcome(Row row, String caller) {
        JsonPath r = caller == null ? GraphQL.anonymous(row.request()) : GraphQL.as(caller, row.request());
        String code = GraphQL.errorCode(r);
        return code == null ? "OK" : code + ": " + GraphQL.errorMessage(r);
    }

    private static String restOutcome(Row row, String caller) {
        String[] request = row.request().split(" ", 2);
        RequestSpecification spec = given().redirects().follow(false).contentType("text/csv").body("");
        if (caller != null) {
            spec = spec.auth().oauth2(DemoUsers.token(caller));
        }
        int status = spec.request(request[0], request[1]).statusCode();
        return status == 401 ? "UNAUTHORIZED (401)" : status == 403 ? "FORBIDDEN (403)" : "HTTP " + status;
    }

    private String subscriptionOutcome(Row row, String caller) throws Exception {
        synchronized (OperationRoleMatrixTest.class) {
            if (vertx == null) {
                vertx = Vertx.vertx();
            }
        }
        var options = new WebSocketConnectOptions().setHost(graphql.getHost()).setPort(graphql.getPort())
                .setURI("/graphql").addSubProtocol("graphql-transport-ws");
        if (caller != null) {
            options.addHeader("Authorization", "Bearer " + DemoUsers.token(caller));
        }
        var messages = new LinkedBlockingQueue<JsonObject>();
        io.vertx.core.http.WebSocket socket;
        try {
            socket = vertx.createHttpClient().webSocket(options).toCompletionStage().toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            String m = String.valueOf(e.getCause().getMessage());
            return m.contains("401") ? "UNAUTHORIZED (upgrade refused: " + m + ")"
                    : m.contains("403") ? "FORBIDDEN (upgrade refused: " + m + ")" : "upgrade failed: " + m;
        }
        try {
            socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
            socket.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{}}");
            JsonObject ack = messages.poll(20, TimeUnit.SECONDS);
            if (ack == null || !"connection_ack".equals(ack.getString("type"))) {
                return "no connection_ack: " + ack;
            }
            socket.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe")
                    .put("payload", new JsonObject().put("query", row.request())).encode());
            JsonObject first = messages.poll(20, TimeUnit.SECONDS);
            if (first == null) {
                return "no answer";
            }
            var errors = "error".equals(first.getString("type")) ? first.getJsonArray("payload")
                    : first.getJsonObject("payload") == null ? null : first.getJsonObject("payload").getJsonArray("errors");
            if (errors == null || errors.isEmpty()) {
                return "OK " + first.encode();
            }
            JsonObject extensions = errors.getJsonObject(0).getJsonObject("extensions");
            String code = extensions == null ? null : extensions.getString("code");
            return (code == null ? "no code" : code) + ": " + errors.getJsonObject(0).getString("message");
        } finally {
            socket.close();
        }
    }

    private static List<Row> read() {
        try (InputStream in = OperationRoleMatrixTest.class.getResourceAsStream("/security/role-matrix.psv")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
                if (f.length != 3 + CALLERS.length) {
                    fail("role-matrix.psv: a row needs " + (3 + CALLERS.length) + " cells: " + line);
                }
                rows.add(new Row(f[0], f[1], f[2], Arrays.copyOfRange(f, 3, f.length)));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
