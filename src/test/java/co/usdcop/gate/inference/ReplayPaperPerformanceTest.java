package co.usdcop.gate.inference;

import static co.usdcop.gate.inference.ReplayServiceTest.FROM;
import static co.usdcop.gate.inference.ReplayServiceTest.START;
import static co.usdcop.gate.inference.ReplayServiceTest.TO;
import static co.usdcop.gate.inference.ReplayServiceTest.awaitStatus;
import static co.usdcop.gate.inference.ReplayServiceTest.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay's paper P&L books nothing past the replay clock (same slice as {@link ReplayServiceTest}). */
@QuarkusTest
class ReplayPaperPerformanceTest {

    @Inject
    ReplayService replay;

    @Inject
    PromotionFixtures fx;

    @Inject
    InferenceFixtures inf;

    @AfterEach
    void stopAnyReplay() {
        if (replay.status().state() == ReplayState.RUNNING) {
            replay.stop("test cleanup");
        }
    }

    @Test
    void aReplayStoppedInTheMiddleOfTheStoredDataBooksOnlyTheBarsUpToItsClock() throws Exception {
        // stored bars run on to the end of 2021-03-05, well past the replayed range
        assertTrue(inf.sliceBetween(TO.plusSeconds(300), Instant.parse("2021-03-05T23:59:00Z")).size() > 60);
        TestModel prod = fx.promoted("replay-pnl");
        // a replay of the first six bars of the range: its clock stops at the sixth bar's tick, mid-data
        Instant last = FROM.plusSeconds(5 * 300);
        JsonPath started = GraphQL.as(DemoUsers.ADMIN, START, range(FROM, last, 1_000_000));
        assertNull(started.get("errors"), started::prettify);
        JsonPath finished = awaitStatus(s -> "FINISHED".equals(s.getString("data.replayStatus.state")), "the end");
        int done = finished.getInt("data.replayStatus.barsDone");
        assertEquals(6, done, finished::prettify);
        Instant currentBar = replay.status().currentBarTs();
        assertEquals(last, currentBar);
        assertTrue(replay.status().simulatedNow().isBefore(TO), "the clock stands in the middle of the stored data");

        JsonPath pnl = GraphQL.as(DemoUsers.REVIEWER, "query($m: String) { paperPerformance(modelId: $m, replay: true) {"
                + " replay from to bars signals barsWithoutSignal equityCurve { ts } } }", Map.of("m", prod.id()));
        assertNull(pnl.get("errors"), pnl::prettify);
        assertEquals(FROM, Instant.parse(pnl.getString("data.paperPerformance.from")));
        assertEquals(currentBar, Instant.parse(pnl.getString("data.paperPerformance.to")),
                "the last bar booked is the one the replay clock reached");
        assertEquals(done, pnl.getInt("data.paperPerformance.bars"), pnl::prettify);
        assertEquals(done, pnl.getInt("data.paperPerformance.signals"));
        assertEquals(0, pnl.getInt("data.paperPerformance.barsWithoutSignal"), "no bar after the clock booked as held");

        // an explicit end before the clock still bounds the booking
        JsonPath bounded = GraphQL.as(DemoUsers.REVIEWER, "query($m: String, $t: DateTime) { paperPerformance("
                + "modelId: $m, replay: true, to: $t) { to bars } }", Map.of("m", prod.id(), "t", FROM.toString()));
        assertEquals(1, bounded.getInt("data.paperPerformance.bars"), bounded::prettify);
    }
}
