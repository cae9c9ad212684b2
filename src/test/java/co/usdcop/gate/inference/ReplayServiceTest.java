package co.usdcop.gate.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replay mode against real PostgreSQL, the feature store over a synthetic slice and real ONNX policies promoted
 * through the real API; driven through GraphQL as an admin.
 */
@QuarkusTest
class ReplayServiceTest {

    static final Instant FROM = Instant.parse("2021-03-04T14:00:00Z");
    static final Instant TO = Instant.parse("2021-03-04T15:00:00Z");
    static final String START = """
            mutation($from: DateTime, $to: DateTime, $speed: Float) { startReplay(from: $from, to: $to, speed: $speed) {
              state from to speed barsTotal barsDone previousRowsDeleted startedBy } }""";
    static final String STATUS = """
            { replayStatus { state enabled from to speed secondsPerBar barsTotal barsDone currentBarTs simulatedNow
              signalsWritten lastOutcome startedBy stoppedBy finishedAt previousRowsDeleted message } }""";
    static final String STOP = "mutation { stopReplay { state barsDone barsTotal signalsWritten stoppedBy message } }";
    static final String SIGNALS = """
            query($m: String, $r: Boolean) { signals(modelId: $m, replay: $r, limit: 500) { total
              items { id modelId ts signal positionAfter rawAction reason shadow replay contractId } } }""";

    @Inject
    ReplayService replay;

    @Inject
    InferenceService inference;

    @Inject
    PromotionFixtures fx;

    @Inject
    InferenceFixtures inf;

    List<FeatureVector> bars;

    @BeforeEach
    void loadSlice() {
        bars = inf.sliceBetween(FROM, TO);
        assertEquals(13, bars.size());
    }

    @AfterEach
    void stopAnyReplay() {
        if (replay.status().state() == ReplayState.RUNNING) {
            replay.stop("test cleanup");
        }
    }

    static Map<String, Object> range(Instant from, Instant to, Object speed) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("from", from == null ? null : from.toString());
        vars.put("to", to == null ? null : to.toString());
        vars.put("speed", speed);
        return vars;
    }

    /** Polls the replay status (as a reviewer) until {@code done} holds; fails after a minute. */
    static JsonPath awaitStatus(Predicate<JsonPath> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonPath s = GraphQL.as(DemoUsers.REVIEWER, STATUS);
        while (!done.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("replay never reached: " + what + "\n" + s.prettify());
            }
            Thread.sleep(50);
            s = GraphQL.as(DemoUsers.REVIEWER, STATUS);
        }
        return s;
    }

    /** The model's replay rows of one kind, oldest first. */
    List<Map<String, Object>> replayRows(String modelId) {
        JsonPath q = GraphQL.as(DemoUsers.REVIEWER, SIGNALS, Map.of("m", modelId, "r", true));
        assertNull(q.get("errors"), q::prettify);
        List<Map<String, Object>> items = new ArrayList<>(q.getList("data.signals.items"));
        Collections.reverse(items);
        return items;
    }

    /** Each OK row's action is the policy's on its bar given the previous replay row's position (0 at the start). */
    void assertChained(String modelId, List<Map<String, Object>> rows) {
        assertEquals(bars.size(), rows.size(), () -> modelId + ": one replay row per bar " + rows);
        int previous = 0;
        long lastId = 0;
        for (int i = 0; i < bars.size(); i++) {
            Map<String, Object> row = rows.get(i);
            assertEquals(bars.get(i).ts(), Instant.parse((String) row.get("ts")), "bar order");
            assertEquals(Boolean.TRUE, row.get("replay"));
            long id = ((Number) row.get("id")).longValue();
            assertTrue(id > lastId, "rows are written in bar order");
            lastId = id;
            if ("OK".equals(row.get("reason"))) {
                assertEquals(inf.expectedAction(modelId, bars.get(i), previous), ((Number) row.get("rawAction")).floatValue(),
                        1e-6, () -> "bar " + row.get("ts") + " observes the previous replay position");
            } else {
                assertEquals(0, ((Number) row.get("positionAfter")).intValue(), "a fail-safe row is flat");
            }
            previous = ((Number) row.get("positionAfter")).intValue();
        }
    }

    @Test
    void replayWritesMarkedRowsInBarOrderWithChainedPositionsAndLeavesLiveRowsAlone() throws Exception {
        TestModel prod = fx.promoted("replay-p");
        TestModel shadow = fx.staged("replay-s");
        long contract = inf.activeContractId();
        // a live row inside the range, written before the replay
        Signal live = inference.tick(inf.tickAt(bars.get(2))).written().stream()
                .filter(s -> s.modelId().equals(prod.id())).findFirst().orElseThrow();
        assertFalse(live.replay());

        JsonPath started = GraphQL.as(DemoUsers.ADMIN, START, range(FROM, TO, 1_000_000));
        assertNull(started.get("errors"), started::prettify);
        assertEquals("RUNNING", started.getString("data.startReplay.state"));
        assertEquals(13, started.getInt("data.startReplay.barsTotal"));
        JsonPath done = awaitStatus(s -> !"RUNNING".equals(s.getString("data.replayStatus.state")), "the end");
        assertEquals("FINISHED", done.getString("data.replayStatus.state"), done::prettify);
        assertEquals(13, done.getInt("data.replayStatus.barsDone"));
        assertEquals(TO, Instant.parse(done.getString("data.replayStatus.currentBarTs")));
        assertEquals(inf.tickAt(bars.get(12)), Instant.parse(done.getString("data.replayStatus.simulatedNow")),
                "the simulated clock is the last bar's close + tick_delay_seconds");
        assertEquals(fx.count("select count(*) from signals where replay"),
                done.getLong("data.replayStatus.signalsWritten"));

        List<Map<String, Object>> production = replayRows(prod.id());
        assertChained(prod.id(), production);
        assertTrue(production.stream().allMatch(r -> Boolean.FALSE.equals(r.get("shadow"))
                && ((Number) r.get("contractId")).longValue() == contract), production::toString);
        List<Map<String, Object>> shadowRows = replayRows(shadow.id());
        assertChained(shadow.id(), shadowRows);
        assertTrue(shadowRows.stream().allMatch(r -> Boolean.TRUE.equals(r.get("shadow"))
                && r.get("contractId") == null), shadowRows::toString);

        // the live row is still there, unchanged, beside the replay row of the same bar
        assertEquals(1, fx.count("select count(*) from signals where id = ? and not replay and ts = ?", live.id(),
                java.sql.Timestamp.from(bars.get(2).ts())));
        assertEquals(2, fx.count("select count(*) from signals where model_id = ? and ts = ?", prod.id(),
                java.sql.Timestamp.from(bars.get(2).ts())));
        JsonPath liveOnly = GraphQL.as(DemoUsers.REVIEWER, SIGNALS, Map.of("m", prod.id(), "r", false));
        assertEquals(1, liveOnly.getInt("data.signals.total"), liveOnly::prettify);

        // the next live tick chains on the live row, whatever the replay row of that bar holds
        int other = live.positionAfter() == 1 ? -1 : 1;
        fx.sql("update signals set position_after = ?, signal = ? where model_id = ? and ts = ? and replay", other, other,
                prod.id(), java.sql.Timestamp.from(bars.get(2).ts()));
        Signal next = inference.tick(inf.tickAt(bars.get(3))).written().stream()
                .filter(s -> s.modelId().equals(prod.id())).findFirst().orElseThrow();
        assertFalse(next.replay());
        if (next.reason() == SignalReason.OK) {
            assertEquals(inf.expectedAction(prod.id(), bars.get(3), live.positionAfter()), next.rawAction(), 1e-6);
        }

        // the next replay starts afresh: the previous replay's rows go, live rows stay
        long replayRowsBefore = fx.count("select count(*) from signals where replay");
        long liveRowsBefore = fx.count("select count(*) from signals where not replay");
        JsonPath again = GraphQL.as(DemoUsers.ADMIN, START, range(FROM, bars.get(1).ts(), 1_000_000));
        assertNull(again.get("errors"), again::prettify);
        assertEquals(replayRowsBefore, again.getLong("data.startReplay.previousRowsDeleted"));
        awaitStatus(s -> "FINISHED".equals(s.getString("data.replayStatus.state")), "the second replay's end");
        assertEquals(liveRowsBefore, fx.count("select count(*) from signals where not replay"));
        assertEquals(2, replayRows(prod.id()).size());
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action = 'replay.started'"
                + " and details->>'previousReplayRowsDeleted' = ?", String.valueOf(replayRowsBefore)));
    }

    @Test
    void stopEndsTheReplayAndASecondStartWhileRunningIsAConflict() throws Exception {
        fx.promoted("replay-stop");
        // speed 1: one bar every 5 minutes of wall time, so the replay is still running when stopped
        JsonPath started = GraphQL.as(DemoUsers.ADMIN, START, range(FROM, TO, 1));
        assertNull(started.get("errors"), started::prettify);
        JsonPath first = awaitStatus(s -> s.getInt("data.replayStatus.barsDone") >= 1, "the first bar");
        assertEquals("RUNNING", first.getString("data.replayStatus.state"));
        assertEquals(300.0, first.getDouble("data.replayStatus.secondsPerBar"), 1e-9);

        JsonPath second = GraphQL.as(DemoUsers.ADMIN_2, START, range(FROM, TO, 100));
        assertEquals("CONFLICT", GraphQL.errorCode(second), second::prettify);
        assertTrue(GraphQL.errorMessage(second).contains("already running"), second::prettify);
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, STOP)).toUpperCase());

        JsonPath stopped = GraphQL.as(DemoUsers.ADMIN_2, STOP);
        assertNull(stopped.get("errors"), stopped::prettify);
        assertEquals("STOPPED", stopped.getString("data.stopReplay.state"));
        int done = stopped.getInt("data.stopReplay.barsDone");
        assertTrue(done >= 1 && done < 13, stopped::prettify);
        assertNotEquals(null, stopped.getString("data.stopReplay.stoppedBy"));
        long rows = fx.count("select count(*) from signals where replay");
        assertEquals(stopped.getLong("data.stopReplay.signalsWritten"), rows);
        assertEquals(done, fx.count("select count(distinct ts) from signals where replay"));

        JsonPath status = GraphQL.as(DemoUsers.AUTOMATION, STATUS);
        assertEquals("STOPPED", status.getString("data.replayStatus.state"), status::prettify);
        JsonPath again = GraphQL.as(DemoUsers.ADMIN, STOP);
        assertEquals("CONFLICT", GraphQL.errorCode(again), again::prettify);
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action = 'replay.stopped'"
                + " and details->>'state' = 'STOPPED'"));
    }

    @Test
    void badInputIsRefusedWithItsCode() {
        JsonPath inverted = GraphQL.as(DemoUsers.ADMIN, START, range(TO, FROM, 60));
        assertEquals("VALIDATION", GraphQL.errorCode(inverted), inverted::prettify);
        assertTrue(GraphQL.errorMessage(inverted).contains("is after"), inverted::prettify);
        for (Object speed : List.of(0, -2.5)) {
            JsonPath bad = GraphQL.as(DemoUsers.ADMIN, START, range(FROM, TO, speed));
            assertEquals("VALIDATION", GraphQL.errorCode(bad), bad::prettify);
            assertTrue(GraphQL.errorMessage(bad).contains("speed must be a number above 0"), bad::prettify);
        }
        JsonPath empty = GraphQL.as(DemoUsers.ADMIN, START, range(Instant.parse("1990-01-01T00:00:00Z"),
                Instant.parse("1990-01-31T00:00:00Z"), 60));
        assertEquals("VALIDATION", GraphQL.errorCode(empty), empty::prettify);
        assertTrue(GraphQL.errorMessage(empty).contains("No stored bar"), empty::prettify);
        JsonPath future = GraphQL.as(DemoUsers.ADMIN, START, range(Instant.now().plus(Duration.ofDays(1)), null, 60));
        assertEquals("VALIDATION", GraphQL.errorCode(future), future::prettify);
        JsonPath reviewer = GraphQL.as(DemoUsers.REVIEWER, START, range(FROM, TO, 60));
        assertEquals("FORBIDDEN", GraphQL.errorCode(reviewer).toUpperCase(), reviewer::prettify);
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.NO_ROLE, STATUS)).toUpperCase());
        assertNotEquals("RUNNING", replay.status().state().name(), "nothing was started");
    }
}
