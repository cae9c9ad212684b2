package co.usdcop.gate.market;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingestion through REST (CSV) and GraphQL, against the real database; dates in 2019 belong to this class. */
@QuarkusTest
class MarketIngestionTest {

    @Inject
    AgroalDataSource dataSource;

    static Response postCsv(String user, String path, String body) {
        var request = given().contentType("text/csv").body(body);
        if (user != null) {
            request = request.auth().oauth2(DemoUsers.token(user));
        }
        return request.post(path);
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void csvUpsertIsIdempotentAndCountsChanges() throws Exception {
        String csv = """
                timestamp,open,high,low,close,volume
                2019-03-04T13:00:00Z,3120.5,3125.0,3118.0,3122.0,10
                2019-03-04T13:05:00Z,3122.0,3124.0,3119.5,3120.0,12.5
                2019-03-04 13:10:00+00:00,3120.0,3121.0,3110.0,3111.0,
                """;
        JsonPath first = postCsv(DemoUsers.AUTOMATION, "/api/market/bars.csv?source=broker-x", csv)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(3, first.getInt("inserted"));
        assertEquals("broker-x", first.getString("source"));
        JsonPath again = postCsv(DemoUsers.RESEARCHER, "/api/market/bars.csv?source=broker-x", csv)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("inserted"));
        assertEquals(0, again.getInt("updated"));
        assertEquals(3, again.getInt("unchanged"));
        JsonPath changed = postCsv(DemoUsers.AUTOMATION, "/api/market/bars.csv?source=broker-x",
                csv.replace("3111.0,", "3112.0,")).then().statusCode(200).extract().jsonPath();
        assertEquals(1, changed.getInt("updated"));
        assertEquals(2, changed.getInt("unchanged"));
        assertEquals(1, count("select version from usdcop_m5_ohlcv where ts = '2019-03-04T13:10:00Z'"));
        assertEquals(0, count("select version from usdcop_m5_ohlcv where ts = '2019-03-04T13:00:00Z'"));
        assertEquals(3112.0, count("select close from usdcop_m5_ohlcv where ts = '2019-03-04T13:10:00Z'"));
    }

    @Test
    void everyRuleIsReportedWithItsLineNumberAndTheFileWritesNothing() throws Exception {
        long before = count("select count(*) from usdcop_m5_ohlcv");
        String csv = String.join("\n",
                "timestamp,open,high,low,close,volume",
                "2019-03-05T13:00:00Z,3120,3119,3110,3115,1",   // 2: high below max(open, close)
                "2019-03-05T13:05:00Z,3120,3125,3118,3115,1",   // 3: low above min(open, close)
                "2019-03-05T13:10:00Z,0,3125,3110,3115,1",      // 4: price not > 0
                "2019-03-05T13:15:00Z,NaN,3125,3110,3115,1",    // 5: not finite
                "2019-03-05T13:17:00Z,3120,3125,3110,3115,1",   // 6: off the grid
                "2019-03-05T18:00:00Z,3120,3125,3110,3115,1",   // 7: after the last bar
                "2019-03-09T13:00:00Z,3120,3125,3110,3115,1",   // 8: Saturday
                "2030-03-05T13:00:00Z,3120,3125,3110,3115,1",   // 9: future
                "2019-03-05T13:20:00Z,3120,3125,3110,3115,1",   // 10: valid
                "2019-03-05T13:20:00Z,3120,3125,3110,3115,1",   // 11: repeats line 10
                "2019-03-05T13:25:00,3120,3125,3110,3115,1",    // 12: no offset
                "2019-03-05T13:30:00Z,abc,3125,3110,3115,1",    // 13: not a number
                "2019-03-05T13:35:00Z,3120,3125,3110,3115,-1"); // 14: negative volume
        JsonPath r = postCsv(DemoUsers.AUTOMATION, "/api/market/bars.csv", csv).then().statusCode(400).extract().jsonPath();
        assertEquals("VALIDATION", r.getString("code"));
        List<Map<String, Object>> errors = r.getList("errors");
        Map<Integer, String> byRow = new java.util.TreeMap<>();
        errors.forEach(e -> byRow.merge((Integer) e.get("row"), (String) e.get("message"), (a, b) -> a + " | " + b));
        assertTrue(byRow.get(2).contains("high 3119.0 is below max(open, close)"), byRow::toString);
        assertTrue(byRow.get(3).contains("low 3118.0 is above min(open, close)"), byRow::toString);
        assertTrue(byRow.get(4).contains("open must be a finite price > 0"), byRow::toString);
        assertTrue(byRow.get(5).contains("open must be a finite price > 0, got NaN"), byRow::toString);
        assertTrue(byRow.get(6).contains("not on the 5-minute grid"), byRow::toString);
        assertTrue(byRow.get(7).contains("outside the session"), byRow::toString);
        assertTrue(byRow.get(8).contains("SATURDAY"), byRow::toString);
        assertTrue(byRow.get(9).contains("in the future"), byRow::toString);
        assertTrue(byRow.get(11).contains("repeats row 10"), byRow::toString);
        assertTrue(byRow.get(12).contains("UTC offset"), byRow::toString);
        assertTrue(byRow.get(13).contains("not a number"), byRow::toString);
        assertTrue(byRow.get(14).contains("volume"), byRow::toString);
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14), List.copyOf(byRow.keySet()));
        assertTrue(r.getString("message").contains("nothing was written"), r::prettify);
        assertEquals(before, count("select count(*) from usdcop_m5_ohlcv"));
        assertEquals(0, count("select count(*) from usdcop_m5_ohlcv where ts = '2019-03-05T13:20:00Z'"));
    }

    @Test
    void errorsAreCappedAtFiftyButAllCounted() {
        StringBuilder csv = new StringBuilder("timestamp,open,high,low,close\n");
        for (int i = 0; i < 70; i++) {
            csv.append("2019-03-06T13:00:00Z,-1,3125,3110,3115\n".replace("13:00", String.format("13:%02d", (i % 12) * 5)));
        }
        JsonPath r = postCsv(DemoUsers.AUTOMATION, "/api/market/bars.csv", csv.toString())
                .then().statusCode(400).extract().jsonPath();
        assertEquals(RowErrors.MAX_REPORTED, r.getList("errors").size());
        assertTrue(r.getInt("totalErrors") > RowErrors.MAX_REPORTED, r::prettify);
    }

    @Test
    void missingColumnIsReportedOnTheHeaderLine() {
        JsonPath r = postCsv(DemoUsers.AUTOMATION, "/api/market/bars.csv", "timestamp,open,high,close\n")
                .then().statusCode(400).extract().jsonPath();
        assertEquals(1, r.getInt("errors[0].row"));
        assertTrue(r.getString("errors[0].message").contains("missing column 'low'"), r::prettify);
    }

    @Test
    void graphqlBatchIsValidatedWithPositionsAndIsIdempotent() throws Exception {
        String mutation = "mutation($bars:[BarInput!]!){ ingestBars(bars:$bars, source:\"unit\"){ inserted updated unchanged first last } }";
        List<Map<String, Object>> bars = List.of(
                Map.of("ts", "2019-03-07T13:00:00Z", "open", 3100.0, "high", 3101.0, "low", 3099.0, "close", 3100.5),
                Map.of("ts", "2019-03-07T13:05:00Z", "open", 3100.5, "high", 3100.0, "low", 3099.0, "close", 3100.2));
        JsonPath bad = GraphQL.as(DemoUsers.AUTOMATION, mutation, Map.of("bars", bars));
        assertEquals("VALIDATION", GraphQL.errorCode(bad), bad::prettify);
        assertTrue(GraphQL.errorMessage(bad).contains("row 2: high 3100.0 is below max(open, close) = 3100.5"), bad::prettify);
        assertEquals(0, count("select count(*) from usdcop_m5_ohlcv where ts::date = '2019-03-07'"));

        List<Map<String, Object>> good = List.of(bars.get(0),
                Map.of("ts", "2019-03-07T13:05:00Z", "open", 3100.5, "high", 3101.0, "low", 3099.0, "close", 3100.2));
        JsonPath ok = GraphQL.as(DemoUsers.RESEARCHER, mutation, Map.of("bars", good));
        assertNull(ok.get("errors"), ok::prettify);
        assertEquals(2, ok.getInt("data.ingestBars.inserted"));
        JsonPath again = GraphQL.as(DemoUsers.RESEARCHER, mutation, Map.of("bars", good));
        assertEquals(2, again.getInt("data.ingestBars.unchanged"));
        assertTrue(count("select count(*) from approval_audit_log where action = 'bars.ingested'") >= 2);

        JsonPath page = GraphQL.as(DemoUsers.REVIEWER, "{ bars(from:\"2019-03-07T00:00:00Z\", to:\"2019-03-07T23:59:00Z\", limit:1, offset:1){ total items { ts close source } } }");
        assertEquals(2, page.getInt("data.bars.total"), page::prettify);
        assertEquals("2019-03-07T13:05:00Z", page.getString("data.bars.items[0].ts"));
        assertEquals("unit", page.getString("data.bars.items[0].source"));
    }

    @Test
    void fredCsvSkipsDotsAndAppliesThePublicationDelay() throws Exception {
        String csv = """
                observation_date,DTWEXBGS
                2019-02-01,104.1
                2019-02-04,.
                2019-02-05,104.6
                2019-02-06,
                """;
        JsonPath r = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/DXY.csv", csv).then().statusCode(200).extract().jsonPath();
        assertEquals(2, r.getInt("received"));
        assertEquals(2, r.getInt("skippedMissing"));
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'DXY' and observation_date = '2019-02-05' "
                + "and published_at = '2019-02-06T00:00:00Z' and frequency = 'daily' and source = 'fred' and value = 104.6"));
        assertEquals(0, count("select count(*) from macro_observations where series_id = 'DXY' and observation_date = '2019-02-04'"));

        String old = "DATE,COLCPI\n2019-01-01,101.2\n2019-02-01,101.9\n";
        JsonPath monthly = postCsv(DemoUsers.RESEARCHER, "/api/market/macro/CPI_COL.csv", old).then().statusCode(200).extract().jsonPath();
        assertEquals(2, monthly.getInt("inserted"));
        // monthly: the delay counts from the period end (2019-02-01), not from the observation date
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'CPI_COL' and observation_date = '2019-01-01' "
                + "and published_at = '2019-03-03T00:00:00Z' and frequency = 'monthly'"));
        assertEquals(2, postCsv(DemoUsers.RESEARCHER, "/api/market/macro/CPI_COL.csv", old).then().statusCode(200)
                .extract().jsonPath().getInt("unchanged"));
    }

    @Test
    void macroRulesRejectWithRowNumbers() throws Exception {
        JsonPath unknown = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/NOPE.csv", "DATE,X\n2019-01-01,1\n")
                .then().statusCode(400).extract().jsonPath();
        assertTrue(unknown.getString("message").contains("Unknown series id 'NOPE'"), unknown::prettify);

        String csv = "observation_date,value,published_at\n2019-01-02,1.5,\n2031-01-01,2,\n2019-01-03,x,\n"
                + "2019-01-04,3,2018-12-01T00:00:00Z\n2019-01-02,4,\n";
        JsonPath r = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/VIX.csv", csv).then().statusCode(400).extract().jsonPath();
        String all = r.getList("errors").toString();
        assertTrue(all.contains("row=3") && all.contains("in the future"), all);
        assertTrue(all.contains("row=4") && all.contains("not a number"), all);
        assertTrue(all.contains("row=5") && all.contains("before the observation date"), all);
        assertTrue(all.contains("row=6") && all.contains("repeats row 2"), all);
        assertEquals(0, count("select count(*) from macro_observations where series_id = 'VIX' and observation_date = '2019-01-02'"));

        JsonPath gql = GraphQL.as(DemoUsers.AUTOMATION, "mutation { ingestMacro(observations:[{seriesId:\"DXY\", observationDate:\"2019-01-02\", value:1}, {seriesId:\"XXX\", observationDate:\"2019-01-02\", value:1}]){ inserted } }");
        assertEquals("VALIDATION", GraphQL.errorCode(gql), gql::prettify);
        assertTrue(GraphQL.errorMessage(gql).contains("row 2: unknown series id 'XXX'"), gql::prettify);
    }

    @Test
    void explicitPublicationTimeIsKept() throws Exception {
        JsonPath ok = GraphQL.as(DemoUsers.AUTOMATION, "mutation { ingestMacro(observations:[{seriesId:\"FEDFUNDS\", observationDate:\"2019-01-01\", value:2.4, publishedAt:\"2019-02-08T14:00:00Z\"}], source:\"alfred\"){ inserted source } }");
        assertNull(ok.get("errors"), ok::prettify);
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'FEDFUNDS' and published_at = '2019-02-08T14:00:00Z' and source = 'alfred'"));
    }

    @Test
    void rolesAreEnforced() {
        String mutation = "mutation { ingestBars(bars:[{ts:\"2019-03-08T13:00:00Z\", open:1, high:1, low:1, close:1}]){ inserted } }";
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.NO_ROLE, mutation)));
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, mutation)));
        assertEquals("UNAUTHORIZED", GraphQL.errorCode(GraphQL.anonymous(mutation)));
        // no token: a coded 401 (not a redirect to the login page); nothing is ingested
        given().redirects().follow(false).contentType("text/csv").body("timestamp,open,high,low,close\n")
                .post("/api/market/bars.csv").then().statusCode(401);
        postCsv(DemoUsers.NO_ROLE, "/api/market/bars.csv", "timestamp,open,high,low,close\n").then().statusCode(403);
        postCsv(DemoUsers.REVIEWER, "/api/market/macro/DXY.csv", "DATE,X\n").then().statusCode(403);
    }
}
