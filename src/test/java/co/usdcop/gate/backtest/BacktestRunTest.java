package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.features.store.DatasetExport;
import co.usdcop.gate.features.store.DatasetExporter;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a registered demo policy (real ONNX file through the registry's policy cache) backtested over the
 * feature store's rows of a synthetic July 2025, queued through GraphQL, followed and read back.
 */
@QuarkusTest
class BacktestRunTest {

    private static final String RUN = """
            mutation($m: String!, $p: String, $f: Date, $t: Date) {
              runBacktest(modelId: $m, preset: $p, from: $f, to: $t) { id status modelId periodType } }""";
    private static final String JOB = "query($id: String!) { backtestJob(id: $id) { status percent trades error } }";

    @Inject
    DemoSeeder demo;

    @Inject
    SyntheticMarkets markets;

    @Inject
    BacktestJobs jobs;

    @Inject
    BacktestStore store;

    @Inject
    DatasetExporter exporter;

    @BeforeEach
    void demoModelAndMarket() {
        demo.seed();
        markets.july2025();
    }

    private static Map<String, Object> vars(String model, String preset, String from, String to) {
        Map<String, Object> v = new java.util.HashMap<>();
        v.put("m", model);
        v.put("p", preset);
        v.put("f", from);
        v.put("t", to);
        return v;
    }

    private static JsonPath awaitFinished(String user, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonPath r = GraphQL.as(user, JOB, Map.of("id", id));
            String status = r.getString("data.backtestJob.status");
            if (!status.equals("queued") && !status.equals("running")) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backtest " + id + " still " + status);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aQueuedBacktestOfARegisteredPolicyCompletesSignedAndOutOfSample() throws Exception {
        JsonPath queued = GraphQL.as("rita", RUN, vars(DemoPolicies.MOMENTUM, null, "2025-07-01", "2025-07-11"));
        assertNull(GraphQL.errorCode(queued), () -> queued.prettify());
        String id = queued.getString("data.runBacktest.id");
        assertEquals("custom", queued.getString("data.runBacktest.periodType"));

        JsonPath done = awaitFinished("rita", id);
        assertEquals("completed", done.getString("data.backtestJob.status"), () -> done.prettify());
        assertEquals(100.0, done.getDouble("data.backtestJob.percent"));

        BacktestSummary s = store.get(UUID.fromString(id));
        assertEquals(9 * 60, s.barCount(), "9 trading days of 60 bars");
        assertTrue(s.outOfSample(), "July 2025 is after the demo experiment's training range");
        assertTrue(s.verified());
        assertTrue(s.createdBy() != null && !s.createdBy().isBlank() && !s.createdBy().equals(co.usdcop.gate.security.CurrentUser.SYSTEM),
                "stored with the caller's subject: " + s.createdBy());
        JsonPath audited = GraphQL.as("carol", "query($id: String!) { auditLog(entityId: $id, action:"
                + " \"backtest.completed\") { items { actor } } }", java.util.Map.of("id", id));
        assertEquals(java.util.List.of(s.createdBy()), audited.getList("data.auditLog.items.actor"),
                "audited as the requester, not system: " + audited.prettify());
        assertEquals(s.createdBy(), GraphQL.as("rita", "{ backtest(id: \"" + id + "\") { createdBy } }")
                .getString("data.backtest.createdBy"));
        assertEquals(s.signature(), store.recomputeSignature(s.id()));
        assertTrue(s.metrics().barsEvaluated() > 0);

        // the period's closes for the price chart, thinned to the points asked for
        JsonPath prices = GraphQL.as("alice", "query($id: String!) { backtest(id: $id) {"
                + " prices(maxPoints: 100) { bars thinned points { ts close } ts close } } }", Map.of("id", id));
        assertNull(GraphQL.errorCode(prices), () -> prices.prettify());
        assertEquals(540, prices.getInt("data.backtest.prices.bars"));
        assertTrue(prices.getBoolean("data.backtest.prices.thinned"));
        List<String> pointTimes = prices.getList("data.backtest.prices.points.ts");
        assertTrue(pointTimes.size() <= 100 && pointTimes.size() >= 50, pointTimes.toString());
        assertTrue(Instant.parse(pointTimes.get(0)).isAfter(Instant.parse("2025-07-01T00:00:00Z")));
        assertTrue(Instant.parse(pointTimes.get(pointTimes.size() - 1)).isBefore(Instant.parse("2025-07-12T00:00:00Z")));
        assertEquals(pointTimes, prices.getList("data.backtest.prices.ts"), "the parallel arrays hold the same points");
        assertEquals(prices.getList("data.backtest.prices.points.close"), prices.getList("data.backtest.prices.close"));
        JsonPath tooFew = GraphQL.as("alice", "query($id: String!) { backtest(id: $id) { prices(maxPoints: 1) { bars } } }",
                Map.of("id", id));
        assertEquals("VALIDATION", GraphQL.errorCode(tooFew));

        // the same model over the same rows again: the same signature
        JsonPath again = GraphQL.as("otto", RUN, vars(DemoPolicies.MOMENTUM, null, "2025-07-01", "2025-07-11"));
        String id2 = again.getString("data.runBacktest.id");
        awaitFinished("otto", id2);
        assertEquals(s.signature(), store.get(UUID.fromString(id2)).signature());

        // the backtest is part of the model's lineage, pinned by its signature
        JsonPath lineage = GraphQL.as("alice", "query($m: String!) { lineage(modelId: $m) { nodes { id kind hash }"
                + " edges { from to relation } } }", Map.of("m", DemoPolicies.MOMENTUM));
        assertNull(GraphQL.errorCode(lineage), () -> lineage.prettify());
        assertEquals(s.signature(), lineage.getString("data.lineage.nodes.find { it.id == 'backtest:" + id
                + "' }.hash"));
        assertEquals("backtested_in", lineage.getString("data.lineage.edges.find { it.to == 'backtest:" + id
                + "' }.relation"));

        // a finished backtest cannot be cancelled
        JsonPath cancel = GraphQL.as("rita", "mutation($id: String!) { cancelBacktest(id: $id) { status } }",
                Map.of("id", id));
        assertEquals("CONFLICT", GraphQL.errorCode(cancel));
        assertTrue(GraphQL.errorMessage(cancel).contains("already completed"), GraphQL.errorMessage(cancel));
    }

    /**
     * Out of sample means not in the data the model was trained on: a model whose dataset is the service's own export
     * of the backtest period is in sample although its experiment's declared training range ends before it.
     */
    @Test
    void aBacktestOnTheModelsOwnExportedDatasetIsNotOutOfSample() throws Exception {
        DatasetExport export = exporter.exportDataset(Instant.parse("2025-07-01T00:00:00Z"),
                Instant.parse("2025-07-11T23:59:59Z"));
        JsonPath demoModel = GraphQL.as("rita", "query($id: String!) { model(id: $id) { modelHash normStatsHash"
                + " experimentContractId } }", Map.of("id", DemoPolicies.MOMENTUM));
        String modelId = "own-data-" + System.nanoTime();
        JsonPath reg = RegistryFixtures.registerModel("rita", RegistryFixtures.input(modelId,
                demoModel.getString("data.model.experimentContractId"), demoModel.getString("data.model.modelHash"),
                demoModel.getString("data.model.normStatsHash"), export.sha256()));
        assertNull(reg.get("errors"), reg::prettify);
        JsonPath lineage = GraphQL.as("rita", "query($id: String!) { model(id: $id) { lineageVerified datasetRange } }",
                Map.of("id", modelId));
        assertTrue(lineage.getBoolean("data.model.lineageVerified"), lineage::prettify);
        assertEquals("2025-07-01..2025-07-11", lineage.getString("data.model.datasetRange"));

        JsonPath queued = GraphQL.as("rita", RUN, vars(modelId, null, "2025-07-01", "2025-07-11"));
        JsonPath done = awaitFinished("rita", queued.getString("data.runBacktest.id"));
        assertEquals("completed", done.getString("data.backtestJob.status"), done::prettify);
        BacktestSummary s = store.get(UUID.fromString(queued.getString("data.runBacktest.id")));
        assertTrue(s.periodStart().isAfter(LocalDate.of(2024, 12, 31)), "after the declared training range");
        assertTrue(!s.outOfSample(), "the period is the model's own training data");

        // a hash the service never exported: registered and backtested, but its lineage is not verified
        JsonPath unknown = GraphQL.as("rita", "query($id: String!) { model(id: $id) { lineageVerified datasetRange } }",
                Map.of("id", DemoPolicies.MOMENTUM));
        assertTrue(!unknown.getBoolean("data.model.lineageVerified"), unknown::prettify);
        assertNull(unknown.getString("data.model.datasetRange"));
    }

    @Test
    void progressStreamsUntilTheBacktestCompletes() {
        BacktestJob job = jobs.submit(DemoPolicies.MEAN_REVERSION, null, LocalDate.of(2025, 7, 1),
                LocalDate.of(2025, 7, 11), "rafael");
        List<BacktestJob> events = jobs.progress(job.id()).collect().asList().await().atMost(Duration.ofSeconds(90));
        BacktestJob last = events.get(events.size() - 1);
        assertEquals("completed", last.status());
        assertEquals(100.0, last.percent());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).barsDone() >= events.get(i - 1).barsDone(), "progress never goes back");
        }
        assertTrue(jobs.list().stream().anyMatch(j -> j.id().equals(job.id())), "visible in the queue");
        JsonPath queue = GraphQL.as("alice", "{ backtestQueue(limit: 500) { total items { id status percent } } }");
        assertNull(GraphQL.errorCode(queue), () -> queue.prettify());
        assertTrue(queue.getList("data.backtestQueue.items.id").contains(job.id().toString()));
    }

    private static final String SAVE = """
            mutation($in: SubmittedBacktestInput!) { saveBacktest(input: $in) {
              id runSource verified signature outOfSample differences { path submitted recomputed } } }""";

    private static Map<String, Object> submission(BacktestSummary truth, List<RoundTrip> trades, double sharpeShift,
            Double profitFactor) {
        Map<String, Object> metrics = new java.util.HashMap<>();
        metrics.put("totalReturn", truth.metrics().totalReturn());
        metrics.put("sharpe", truth.metrics().sharpe() + sharpeShift);
        metrics.put("maxDrawdown", truth.metrics().maxDrawdown());
        metrics.put("winRate", truth.metrics().winRate());
        metrics.put("profitFactor", profitFactor);
        metrics.put("numberOfTrades", truth.metrics().numberOfTrades());
        Map<String, Object> in = new java.util.HashMap<>();
        in.put("modelId", truth.modelId());
        in.put("from", truth.periodStart().toString());
        in.put("to", truth.periodEnd().toString());
        in.put("transactionCostBps", 2.5);
        in.put("trades", trades.stream().map(t -> Map.of("side", t.side(), "entryTs", t.entryTs().toString(),
                "exitTs", t.exitTs().toString(), "pnl", t.pnl())).toList());
        in.put("metrics", metrics);
        return Map.of("in", in);
    }

    @Test
    void automationSubmissionsAreVerifiedByReRunningThem() {
        BacktestJob job = jobs.submit(DemoPolicies.MOMENTUM, null, LocalDate.of(2025, 7, 1),
                LocalDate.of(2025, 7, 11), "rita");
        jobs.progress(job.id()).collect().asList().await().atMost(Duration.ofSeconds(90));
        BacktestSummary truth = store.get(job.id());
        List<RoundTrip> trades = store.trades(job.id(), 500, 0).items();
        assertTrue(trades.size() > 0, "the demo policy trades in July 2025");

        JsonPath ok = GraphQL.as("otto", SAVE, submission(truth, trades, 0.0, truth.metrics().profitFactor()));
        assertNull(GraphQL.errorCode(ok), () -> ok.prettify());
        assertEquals("automation", ok.getString("data.saveBacktest.runSource"));
        assertTrue(ok.getBoolean("data.saveBacktest.verified"), () -> ok.prettify());
        assertTrue(ok.getList("data.saveBacktest.differences").isEmpty());
        assertEquals(truth.signature(), ok.getString("data.saveBacktest.signature"), "same inputs, same outputs");
        JsonPath again = GraphQL.as("otto", SAVE, submission(truth, trades, 0.0, truth.metrics().profitFactor()));
        assertEquals(ok.getString("data.saveBacktest.id"), again.getString("data.saveBacktest.id"), "idempotent");

        JsonPath wrong = GraphQL.as("otto", SAVE, submission(truth, trades, 0.5, 999.0));
        assertNull(GraphQL.errorCode(wrong), () -> wrong.prettify());
        assertEquals(false, wrong.getBoolean("data.saveBacktest.verified"));
        List<String> paths = wrong.getList("data.saveBacktest.differences.path");
        assertTrue(paths.contains("metrics.sharpe"), paths.toString());
        assertTrue(paths.contains("metrics.profitFactor"), paths.toString());
        assertEquals("forbidden", GraphQL.errorCode(GraphQL.as("alice", SAVE,
                submission(truth, trades, 0.0, null))).toLowerCase(), "reviewers do not submit backtests");
    }

    @io.quarkus.test.common.http.TestHTTPResource("/graphql")
    java.net.URI graphqlUri;

    @Inject
    co.usdcop.gate.models.registry.PolicyCache policies;

    @Test
    void theProgressSubscriptionStreamsPercentAndTradesOverWebSocketUntilCompletion() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        var messages = new java.util.concurrent.LinkedBlockingDeque<io.vertx.core.json.JsonObject>();
        BacktestJob job;
        try {
            var options = new io.vertx.core.http.WebSocketConnectOptions().setHost(graphqlUri.getHost())
                    .setPort(graphqlUri.getPort()).setURI("/graphql")
                    .addSubProtocol("graphql-transport-ws")
                    .addHeader("Authorization", "Bearer " + co.usdcop.gate.support.DemoUsers.token("rita"));
            var socket = vertx.createHttpClient().webSocket(options).toCompletionStage().toCompletableFuture()
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            socket.textMessageHandler(text -> {
                io.vertx.core.json.JsonObject message = new io.vertx.core.json.JsonObject(text);
                if ("ping".equals(message.getString("type"))) {
                    socket.writeTextMessage("{\"type\":\"pong\"}"); // keep-alive, answered as the protocol asks
                } else {
                    messages.add(message);
                }
            });
            socket.writeTextMessage("{\"type\":\"connection_init\",\"payload\":{}}");
            assertEquals("connection_ack", messages.poll(20, java.util.concurrent.TimeUnit.SECONDS).getString("type"));
            // the run waits for the model while this test holds it, so the subscription starts before any trade
            job = policies.withModel(DemoPolicies.MOMENTUM, loaded -> {
                BacktestJob queued = jobs.submit(DemoPolicies.MOMENTUM, null, LocalDate.of(2025, 7, 1),
                        LocalDate.of(2025, 7, 11), "rita");
                socket.writeTextMessage(new io.vertx.core.json.JsonObject().put("id", "1").put("type", "subscribe")
                        .put("payload", new io.vertx.core.json.JsonObject().put("query", "subscription {"
                                + " backtestProgress(id: \"" + queued.id() + "\") { status percent barsDone"
                                + " tradesClosed newTradesOmitted newTrades { seq side entryTs exitTs pnl exitReason } } }"))
                        .encode());
                try {
                    io.vertx.core.json.JsonObject first = messages.poll(20, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals("next", first.getString("type"), String.valueOf(first));
                    messages.addFirst(first);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return queued;
            });
            List<io.vertx.core.json.JsonObject> events = new java.util.ArrayList<>();
            while (true) {
                io.vertx.core.json.JsonObject m = messages.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                if (m == null || "complete".equals(m.getString("type"))) {
                    break;
                }
                assertEquals("next", m.getString("type"), m.encode());
                events.add(m.getJsonObject("payload").getJsonObject("data").getJsonObject("backtestProgress"));
            }
            socket.close();

            io.vertx.core.json.JsonObject last = events.get(events.size() - 1);
            assertEquals("completed", last.getString("status"), events.toString());
            assertEquals(100.0, last.getDouble("percent"));
            assertEquals(0, events.get(0).getInteger("tradesClosed"), "the snapshot comes before any trade");
            BacktestSummary stored = store.get(job.id());
            assertTrue(stored.tradeCount() > 0, "the demo policy trades in July 2025");
            assertEquals(stored.tradeCount(), last.getInteger("tradesClosed"));

            // every round trip is either carried by an event or counted as omitted, each exactly once, and the ones
            // carried are the stored ones, in closing order
            Map<Integer, RoundTrip> storedBySeq = new java.util.HashMap<>();
            store.trades(job.id(), 500, 0).items().forEach(t -> storedBySeq.put(t.seq(), t));
            int accounted = 0;
            int lastSeq = 0;
            int withTrades = 0;
            for (io.vertx.core.json.JsonObject e : events.subList(1, events.size())) {
                var trades = e.getJsonArray("newTrades");
                accounted += trades.size() + e.getInteger("newTradesOmitted");
                assertTrue(trades.size() <= BacktestJobs.MAX_TRADES_PER_EVENT, e.encode());
                if (!trades.isEmpty()) {
                    withTrades++;
                }
                for (int i = 0; i < trades.size(); i++) {
                    var t = trades.getJsonObject(i);
                    int seq = t.getInteger("seq");
                    assertTrue(seq > lastSeq, "in closing order: " + seq + " after " + lastSeq);
                    lastSeq = seq;
                    RoundTrip expected = storedBySeq.get(seq);
                    assertEquals(expected.side(), t.getInteger("side"));
                    assertEquals(expected.entryTs().toString(), Instant.parse(t.getString("entryTs")).toString());
                    assertEquals(expected.exitTs().toString(), Instant.parse(t.getString("exitTs")).toString());
                    assertEquals(expected.pnl(), t.getDouble("pnl"), 1e-9);
                    assertEquals(expected.exitReason(), t.getString("exitReason"));
                }
                assertTrue(e.getInteger("tradesClosed") >= lastSeq, e.encode());
            }
            assertEquals(stored.tradeCount(), accounted, "each round trip once, sent or counted");
            assertEquals(stored.tradeCount(), lastSeq, "the newest round trip is always sent");
            assertTrue(withTrades > 0, "trades were streamed");
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).getInteger("barsDone") >= events.get(i - 1).getInteger("barsDone"),
                        "progress never goes back");
            }
        } finally {
            vertx.close();
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirCodes() throws Exception {
        assertEquals("NOT_FOUND", GraphQL.errorCode(GraphQL.as("rita", RUN,
                vars("no-such-model", null, "2025-07-01", "2025-07-11"))));
        JsonPath inverted = GraphQL.as("rita", RUN, vars(DemoPolicies.MOMENTUM, null, "2025-07-11", "2025-07-01"));
        assertEquals("VALIDATION", GraphQL.errorCode(inverted));
        assertTrue(GraphQL.errorMessage(inverted).contains("after it ends"));
        JsonPath preset = GraphQL.as("rita", RUN, vars(DemoPolicies.MOMENTUM, "last_year", null, null));
        assertEquals("VALIDATION", GraphQL.errorCode(preset));
        assertEquals("forbidden", GraphQL.errorCode(GraphQL.as("nina", RUN,
                vars(DemoPolicies.MOMENTUM, null, "2025-07-01", "2025-07-11"))).toLowerCase());

        // a period without data is accepted in the queue and fails with the reason
        JsonPath empty = GraphQL.as("rita", RUN, vars(DemoPolicies.MOMENTUM, null, "2019-01-07", "2019-01-11"));
        JsonPath failed = awaitFinished("rita", empty.getString("data.runBacktest.id"));
        assertEquals("failed", failed.getString("data.backtestJob.status"));
        assertTrue(failed.getString("data.backtestJob.error").contains("no feature rows"),
                failed.getString("data.backtestJob.error"));
    }
}
