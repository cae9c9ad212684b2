package co.usdcop.gate.backtest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import co.usdcop.gate.support.SqlStatements;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read path of backtests: curves are read only when selected, served thinned, and downloadable in full. */
@QuarkusTest
class BacktestReadPathTest {

    @Inject
    BacktestService service;

    @Inject
    EntityManager em;

    @Inject
    @PersistenceUnitExtension
    SqlStatements sql;

    @Inject
    BacktestStore store;

    @BeforeEach
    void model() {
        BacktestServiceTest.registerTestModel(em);
    }

    private static boolean readsCurves(String statement) {
        String s = statement.toLowerCase();
        return s.startsWith("select") && (s.contains("equity_curve") || s.contains("daily_returns"));
    }

    @Test
    void listsAndRowReadsNeverSelectTheCurveColumns() {
        BacktestSummary s = BacktestServiceTest.run(service, LocalDate.of(2025, 11, 3), 4);
        String doc = "query($id: String!, $m: String!) { backtests(modelId: $m, limit: 5) { items { id signature"
                + " metrics { sharpe } } } backtest(id: $id) { id barCount trades(limit: 2) { items { seq } }"
                + " prices(maxPoints: 10) { bars } } }";
        AtomicReference<JsonPath> r = new AtomicReference<>();
        List<String> issued = sql.record(() -> r.set(GraphQL.as("alice", doc,
                Map.of("id", s.id().toString(), "m", BacktestServiceTest.MODEL))));
        assertNull(GraphQL.errorCode(r.get()), () -> r.get().prettify());
        assertTrue(issued.stream().anyMatch(q -> q.toLowerCase().contains("from backtest_results")),
                "the recorder saw the row reads: " + issued);
        assertTrue(issued.stream().noneMatch(BacktestReadPathTest::readsCurves), () -> "curve columns read: " + issued);

        List<String> withCurve = sql.record(() -> GraphQL.as("alice",
                "query($id: String!) { backtest(id: $id) { equityCurve(maxPoints: 10) { equity } } }",
                Map.of("id", s.id().toString())));
        assertEquals(1, withCurve.stream().filter(BacktestReadPathTest::readsCurves).count(), withCurve::toString);
    }

    @Test
    void aBacktestPageReadsItsRowOnce() {
        BacktestSummary s = BacktestServiceTest.run(service, LocalDate.of(2025, 11, 3), 4);
        AtomicReference<JsonPath> r = new AtomicReference<>();
        List<String> issued = sql.record(() -> r.set(GraphQL.as("alice", "query($id: String!) { backtest(id: $id) {"
                + " id signature sealedSignature selection { trials } metrics { sharpe } } }",
                Map.of("id", s.id().toString()))));
        assertNull(GraphQL.errorCode(r.get()), () -> r.get().prettify());
        assertEquals(s.signature(), r.get().getString("data.backtest.signature"));
        // summary, selection statistics and sealed signature: three fields of one row, read once
        assertEquals(1, issued.stream().filter(q -> q.toLowerCase().startsWith("select")
                && q.toLowerCase().contains("from backtest_results")).count(), issued::toString);
    }

    @Test
    void curvesAreThinnedToTheRequestedPointsAndDownloadableInFull() {
        BacktestSummary s = BacktestServiceTest.run(service, LocalDate.of(2025, 11, 3), 4);
        var r = GraphQL.as("alice", "query($id: String!) { backtest(id: $id) { barCount"
                + " equityCurve(maxPoints: 20) { ts equity } dailyReturns(maxPoints: 2) { date } } }",
                Map.of("id", s.id().toString()));
        assertNull(GraphQL.errorCode(r), () -> r.prettify());
        assertEquals(240, r.getInt("data.backtest.barCount"));
        List<Map<String, Object>> thinned = r.getList("data.backtest.equityCurve");
        assertTrue(thinned.size() <= 20 && thinned.size() >= 10, "20 points at most, a low and high per slice");
        assertTrue(r.getList("data.backtest.dailyReturns").size() <= 2);
        List<EquityPoint> full = store.equityCurve(s.id());
        double lowest = full.stream().mapToDouble(EquityPoint::equity).min().orElseThrow();
        double highest = full.stream().mapToDouble(EquityPoint::equity).max().orElseThrow();
        // RestAssured reads JSON numbers as float: compare at its precision
        double[] equities = thinned.stream().mapToDouble(p -> ((Number) p.get("equity")).doubleValue()).toArray();
        assertEquals(lowest, java.util.Arrays.stream(equities).min().orElseThrow(), 1e-2, "the low survives thinning");
        assertEquals(highest, java.util.Arrays.stream(equities).max().orElseThrow(), 1e-2, "the high survives");

        // the parallel-array form charts read: the same points, field by field
        var series = GraphQL.as("alice", "query($id: String!) { backtest(id: $id) { equityCurve(maxPoints: 20)"
                + " { ts equity position } equitySeries(maxPoints: 20) { ts equity position }"
                + " prices(maxPoints: 10) { points { ts close } ts close } } }", Map.of("id", s.id().toString()));
        assertNull(GraphQL.errorCode(series), series::prettify);
        List<Map<String, Object>> points = series.getList("data.backtest.equityCurve");
        assertEquals(points.stream().map(p -> p.get("ts")).toList(), series.getList("data.backtest.equitySeries.ts"));
        assertEquals(points.stream().map(p -> p.get("equity")).toList(),
                series.getList("data.backtest.equitySeries.equity"));
        assertEquals(points.stream().map(p -> p.get("position")).toList(),
                series.getList("data.backtest.equitySeries.position"));
        List<Map<String, Object>> closes = series.getList("data.backtest.prices.points");
        assertTrue(closes.size() <= 10, series::prettify);
        assertEquals(closes.stream().map(p -> p.get("ts")).toList(), series.getList("data.backtest.prices.ts"));
        assertEquals(closes.stream().map(p -> p.get("close")).toList(), series.getList("data.backtest.prices.close"));

        var bad = GraphQL.as("alice", "query($id: String!) { backtest(id: $id) { equityCurve(maxPoints: 1) { ts } } }",
                Map.of("id", s.id().toString()));
        assertEquals("VALIDATION", GraphQL.errorCode(bad));
        var badSeries = GraphQL.as("alice", "query($id: String!) { backtest(id: $id) { equitySeries(maxPoints: 5001)"
                + " { ts } } }", Map.of("id", s.id().toString()));
        assertEquals("VALIDATION", GraphQL.errorCode(badSeries), badSeries::prettify);
        // the arrays cost what the points cost: sixty aliases of them are refused before anything is read
        StringBuilder aliases = new StringBuilder("query($id: String!) {");
        for (int i = 0; i < 60; i++) {
            aliases.append(" a").append(i).append(": backtest(id: $id) { equitySeries { ts equity } }");
        }
        var tooMuch = GraphQL.as("alice", aliases.append(" }").toString(), Map.of("id", s.id().toString()));
        assertEquals("TOO_EXPENSIVE", GraphQL.errorCode(tooMuch), tooMuch::prettify);

        String csv = given().auth().oauth2(DemoUsers.token("alice"))
                .get("/api/backtests/" + s.id() + "/equity-curve.csv").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        String[] lines = csv.split("\n");
        assertEquals("ts,equity,position", lines[0]);
        assertEquals(241, lines.length, "a header and one row per bar");
        assertEquals(full.get(239).equity(), Double.parseDouble(lines[240].split(",")[1]));
        String days = given().auth().oauth2(DemoUsers.token("alice"))
                .get("/api/backtests/" + s.id() + "/daily-returns.csv").then().statusCode(200).extract().asString();
        assertEquals(5, days.split("\n").length);
        given().auth().oauth2(DemoUsers.token("alice")).get("/api/backtests/not-a-uuid/equity-curve.csv")
                .then().statusCode(400);
    }
}
