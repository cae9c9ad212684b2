package co.usdcop.gate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances of the packaged service on one database, as an operator runs them: the scheduled inference tick
 * runs once per firing across both; a backtest submitted on A is read and completes from B; SIGKILL of the replica
 * running a backtest leaves it to the other, which ends it within 90 s; production promotions approved at once
 * through both replicas leave one active contract. Tokens are signed by a WireMock OIDC server
 * both replicas trust. The replicas read a copy of {@code config/} with a 10 s lease and one backtest per replica, so
 * a kill is noticed quickly and each replica holds at most one job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String SCHEMA = PackagedRun.schema("replicas");

    private static OidcWiremockTestResource oidc;
    private static Replica a;
    private static Replica b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        PackagedRun.dropSchema(SCHEMA);
        oidc = new OidcWiremockTestResource();
        // config/ with the backtest engine's lease cut to 10 s and one backtest at a time per replica
        Path config = PackagedRun.configCopy(Path.of("target", "replicas", "config"), "backtest.yaml",
                yaml -> yaml.replaceFirst("lease_seconds: \\d+", "lease_seconds: 10")
                        .replaceFirst("max_concurrent: \\d+", "max_concurrent: 1"));
        Map<String, String> common = PackagedRun.properties(SCHEMA, oidc.start(), config,
                Path.of("target", "replicas", "data"));
        common.put("usdcop.schedule.inference", "0/5 * * * * ?");

        Map<String, String> first = new HashMap<>(common);
        first.put("usdcop.demo.enabled", "true"); // demo models and the synthetic market, loaded once by A
        a = Replica.start("replica-a", first, START_TIMEOUT);
        b = Replica.start("replica-b", common, START_TIMEOUT);
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (Replica r : new Replica[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
        if (oidc != null) {
            oidc.stop();
        }
    }

    @Test
    @Order(1)
    void eachFiringOfTheInferenceTickRunsOnExactlyOneReplica() throws Exception {
        // firings once both replicas run: a replica joining the Quartz cluster may run the firing due at that
        // moment a second time (at-least-once; the tick's signal rows are unique per model and bar, see
        // docs/operations.md), so the window starts after both have started
        java.time.Instant from = java.time.Instant.now().plusSeconds(10);
        Thread.sleep(40_000);
        java.time.Instant to = java.time.Instant.now().minusSeconds(5);
        Map<String, List<String>> replicasByFiring = new TreeMap<>();
        for (Replica r : List.of(a, b)) {
            Matcher m = FIRING.matcher(r.logText());
            while (m.find()) {
                java.time.Instant firing = java.time.Instant.parse(m.group(1));
                if (!firing.isBefore(from) && !firing.isAfter(to)) {
                    replicasByFiring.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(r.name);
                }
            }
        }
        assertTrue(replicasByFiring.size() >= 3, "firings seen: " + replicasByFiring);
        replicasByFiring.forEach((firing, replicas) -> assertEquals(1, replicas.size(),
                "firing " + firing + " ran more than once: " + replicasByFiring));
    }

    private static final Pattern FIRING = Pattern.compile("Inference firing of (\\S+) runs on this replica");

    @Test
    @Order(2)
    void aBacktestSubmittedOnAIsVisibleAndCompletesFromB() throws Exception {
        JsonPath done = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        // the demo market's features are computed in the background after A starts: retry until they are there
        while (System.nanoTime() < deadline) {
            String id = submit(a, "last_30_days");
            JsonPath seenOnB = graphql(b, "rita", "query($id: String!) { backtestJob(id: $id) { id status } }",
                    Map.of("id", id));
            assertEquals(id, seenOnB.getString("data.backtestJob.id"), seenOnB.prettify());
            done = awaitFinished(b, id, Duration.ofMinutes(2));
            if ("completed".equals(done.getString("data.backtestJob.status"))) {
                break;
            }
            assertTrue(String.valueOf(done.getString("data.backtestJob.error")).contains("no feature rows"),
                    done.prettify());
            Thread.sleep(5_000);
        }
        assertNotNull(done);
        assertEquals("completed", done.getString("data.backtestJob.status"), done.prettify());
        String id = done.getString("data.backtestJob.id");
        JsonPath stored = graphql(b, "alice", "query($id: String!) { backtest(id: $id) { id tradeCount } }",
                Map.of("id", id));
        assertEquals(id, stored.getString("data.backtest.id"), stored.prettify());
        assertEquals(done.getInt("data.backtestJob.trades"), stored.getInt("data.backtest.tradeCount"));
    }

    /**
     * Two production proposals approved at the same moment, one through each replica, by an admin (their automatic
     * votes may fail on the demo models' Sharpe; the override makes both approvable): whatever the interleaving, one
     * contract is active and it is the production model's. The models are put in staging eight days ago by SQL as
     * the operator (the staging flow itself is tested in-process); everything else goes through the API.
     */
    @Test
    @Order(3)
    void promotionsRacingAcrossReplicasLeaveOneActiveContract() throws Exception {
        List<String> models = List.of("demo-momentum", "demo-meanrev");
        try (Connection c = db(true); Statement s = c.createStatement()) {
            s.executeUpdate("update model_registry set stage = 'staging' where model_id in ('demo-momentum',"
                    + " 'demo-meanrev')");
            s.executeUpdate("insert into model_stage_history (id, model_id, from_stage, to_stage, at, by_actor, reason)"
                    + " select nextval('model_stage_history_seq'), model_id, 'registered', 'staging',"
                    + " now() - interval '8 days', 'operator', 'staged for the replica race' from model_registry"
                    + " where model_id in ('demo-momentum', 'demo-meanrev')");
        }
        List<String> proposals = new java.util.ArrayList<>();
        for (String model : models) {
            JsonPath bt = graphql(a, "rita", "mutation($m: String!) { runBacktest(modelId: $m, preset: \"last_30_days\")"
                    + " { id } }", Map.of("m", model));
            String job = bt.getString("data.runBacktest.id");
            assertNotNull(job, bt.prettify());
            JsonPath done = awaitFinished(b, job, Duration.ofMinutes(3));
            assertEquals("completed", done.getString("data.backtestJob.status"), done.prettify());
            JsonPath proposed = graphql(a, "rita", "mutation($m: String!, $b: String!) { proposePromotion(modelId: $m,"
                    + " targetStage: \"production\", backtestId: $b, reason: \"Racing production proposals across"
                    + " two replicas\") { id status } }", Map.of("m", model, "b", job));
            assertEquals("PENDING_APPROVAL", proposed.getString("data.proposePromotion.status"), proposed.prettify());
            proposals.add(proposed.getString("data.proposePromotion.id"));
        }

        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<JsonPath>> votes = new java.util.ArrayList<>();
            Replica[] through = {a, b};
            for (int i = 0; i < 2; i++) {
                Replica replica = through[i];
                String proposal = proposals.get(i);
                votes.add(pool.submit(() -> {
                    start.await();
                    return graphql(replica, "adam", "mutation($p: String!, $c: ChecklistInput) { vote(proposalId: $p,"
                            + " decision: APPROVE, checklist: $c, comment: \"race\", overrideReason: \"Approved by"
                            + " the operator to test concurrent promotions across replicas\") { status finalDecision"
                            + " } }", Map.of("p", proposal, "c", Map.of("backtestReviewed", true,
                                    "metricsAcceptable", true, "teamNotified", true)));
                }));
            }
            int approved = 0;
            for (var vote : votes) {
                JsonPath v = vote.get(3, java.util.concurrent.TimeUnit.MINUTES);
                String code = v.getString("errors[0].extensions.code");
                assertTrue(code == null || code.equals("CONFLICT"), v.prettify());
                approved += code == null ? 1 : 0;
            }
            assertTrue(approved >= 1, "at least one of the two approvals promotes");
        } finally {
            pool.shutdownNow();
        }

        try (Connection c = db(true); Statement s = c.createStatement()) {
            ResultSet active = s.executeQuery("select model_id from production_contracts where is_active");
            assertTrue(active.next(), "a contract is active");
            String winner = active.getString(1);
            assertTrue(!active.next(), "exactly one contract is active");
            assertTrue(models.contains(winner), winner);
            ResultSet inProduction = s.executeQuery("select model_id from model_registry where stage = 'production'");
            assertTrue(inProduction.next());
            assertEquals(winner, inProduction.getString(1), "the production model is the active contract's");
            assertTrue(!inProduction.next(), "one production model");
        }
    }

    @Test
    @Order(4)
    void sigkillOfTheReplicaRunningABacktestLeavesItToTheOtherWithin90Seconds() throws Exception {
        // one job, so the survivor has a free slot when the lease expires
        String job = submit(a, "last_90_days");
        Replica victim = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (victim == null && System.nanoTime() < deadline) {
            try (Connection c = db(true); PreparedStatement ps = c.prepareStatement("select lease_owner"
                    + " from backtest_jobs where status = 'running' and id = ?::uuid")) {
                ps.setString(1, job);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String owner = rs.getString(1);
                        victim = owner.contains("/" + a.pid() + "/") ? a : owner.contains("/" + b.pid() + "/") ? b
                                : null;
                    }
                }
            }
            if (victim == null) {
                Thread.sleep(20);
            }
        }
        assertNotNull(victim, "one of the replicas took the backtest");
        victim.kill();
        long killedAt = System.nanoTime();
        Replica survivor = victim == a ? b : a;

        JsonPath end = awaitFinished(survivor, job, Duration.ofSeconds(90));
        assertTrue(System.nanoTime() - killedAt < Duration.ofSeconds(90).toNanos(), end.prettify());
        String status = end.getString("data.backtestJob.status");
        assertEquals("completed", status, "one run was lost and engine.max_attempts is 2: " + end.prettify());
        assertEquals(2, end.getInt("data.backtestJob.attempt"), "run again from the start by " + survivor.name);
        JsonPath stored = graphql(survivor, "alice", "query($id: String!) { backtest(id: $id) { tradeCount } }",
                Map.of("id", job));
        assertEquals(end.getInt("data.backtestJob.trades"), stored.getInt("data.backtest.tradeCount"));
    }

    private static String submit(Replica r, String preset) {
        JsonPath run = graphql(r, "rita", "mutation($m: String!, $p: String) { runBacktest(modelId: $m, preset: $p)"
                + " { id status } }", Map.of("m", "demo-momentum", "p", preset));
        String id = run.getString("data.runBacktest.id");
        assertNotNull(id, run.prettify());
        return id;
    }

    private static JsonPath awaitFinished(Replica r, String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath job;
        do {
            job = graphql(r, "alice", "query($id: String!) { backtestJob(id: $id) { id status error trades attempt"
                    + " } }", Map.of("id", id));
            String status = job.getString("data.backtestJob.status");
            if (status != null && !status.equals("queued") && !status.equals("running")) {
                return job;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return job;
    }

    private static JsonPath graphql(Replica r, String user, String query, Map<String, ?> variables) {
        String role = switch (user) {
            case "rita" -> "researcher";
            case "alice" -> "reviewer";
            case "adam" -> "admin";
            default -> throw new IllegalArgumentException(user);
        };
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return given().baseUri(r.url()).contentType(ContentType.JSON)
                // each user its own subject (getAccessToken gives every user the same one): four eyes compares them
                .auth().oauth2(OidcWiremockTestResource.generateJwtToken(user, Set.of(role), user, "Bearer"))
                .body(body).post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    private static Connection db(boolean inSchema) throws SQLException {
        Connection c = DriverManager.getConnection(PackagedRun.DB_URL, PackagedRun.DB_USER, PackagedRun.DB_PASSWORD);
        if (inSchema) {
            try (Statement s = c.createStatement()) {
                s.execute("set search_path to " + SCHEMA);
            }
        }
        return c;
    }
}
