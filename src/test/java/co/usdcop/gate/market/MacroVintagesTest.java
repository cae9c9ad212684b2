package co.usdcop.gate.market;

import static co.usdcop.gate.market.MarketIngestionTest.postCsv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Macro vintages through REST and GraphQL against the real database: every version is kept, FRED re-downloads
 * publish changes at ingestion time, ALFRED files load every vintage, and the queries read a series as of an instant.
 * Dates in 2018 belong to this class.
 */
@QuarkusTest
class MacroVintagesTest {

    static final String SERIES_AS_OF = """
            query($s: String!, $a: DateTime, $f: Date, $t: Date) { macroSeries(series: $s, asOf: $a, from: $f, to: $t) {
              seriesId asOf points { observationDate value publishedAt versions revised source } } }""";
    static final String VINTAGES = """
            query($s: String!, $d: Date!) { macroVintages(series: $s, date: $d) { value publishedAt source } }""";

    @Inject
    AgroalDataSource dataSource;

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aFredReDownloadWithAChangedValueIsARevisionPublishedAtIngestionTimeNeverBackDated() throws Exception {
        String csv = "observation_date,VIXCLS\n2018-03-01,19.5\n2018-03-02,19.6\n2018-03-05,18.7\n";
        JsonPath first = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/VIX.csv", csv).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(3, first.getInt("inserted"));
        assertEquals(0, first.getInt("revisions"));

        // the same download again: equal to the newest stored versions, nothing written
        JsonPath same = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/VIX.csv", csv).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0, same.getInt("inserted"));
        assertEquals(3, same.getInt("unchanged"));

        // FRED revised 2018-03-02: a new version published now, the first one kept as it was
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        JsonPath revised = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/VIX.csv", csv.replace("19.6", "19.9"))
                .then().statusCode(200).extract().jsonPath();
        Instant after = Instant.now();
        assertEquals(1, revised.getInt("inserted"));
        assertEquals(1, revised.getInt("revisions"));
        assertEquals(2, revised.getInt("unchanged"));
        assertEquals(0, revised.getInt("updated"));
        assertEquals("2018-03-02", revised.getString("revised[0].observationDate"));
        assertEquals(19.9, revised.getDouble("revised[0].value"));
        Instant publishedAt = Instant.parse(revised.getString("revised[0].publishedAt"));
        assertFalse(publishedAt.isBefore(before) || publishedAt.isAfter(after),
                () -> "published " + publishedAt + ", ingested between " + before + " and " + after);
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'VIX' and observation_date = "
                + "'2018-03-02' and value = 19.6 and published_at = '2018-03-03T00:00:00Z'"), "the first version stays");

        // the vintage list and the series as of before and after the revision
        JsonPath vintages = GraphQL.as(DemoUsers.REVIEWER, VINTAGES, Map.of("s", "VIX", "d", "2018-03-02"));
        assertNull(vintages.get("errors"), vintages::prettify);
        assertEquals(List.of(19.6f, 19.9f), vintages.getList("data.macroVintages.value"));
        JsonPath asOfBefore = GraphQL.as(DemoUsers.REVIEWER, SERIES_AS_OF,
                Map.of("s", "VIX", "a", before.toString(), "f", "2018-03-01", "t", "2018-03-31"));
        assertNull(asOfBefore.get("errors"), asOfBefore::prettify);
        assertEquals(List.of(19.5f, 19.6f, 18.7f), asOfBefore.getList("data.macroSeries.points.value"));
        assertEquals(List.of(false, false, false), asOfBefore.getList("data.macroSeries.points.revised"));
        JsonPath asOfNow = GraphQL.as(DemoUsers.REVIEWER, SERIES_AS_OF,
                Map.of("s", "VIX", "f", "2018-03-01", "t", "2018-03-31"));
        assertEquals(List.of(19.5f, 19.9f, 18.7f), asOfNow.getList("data.macroSeries.points.value"));
        assertEquals(List.of(1, 2, 1), asOfNow.getList("data.macroSeries.points.versions"));
        // before any publication nothing is known
        JsonPath early = GraphQL.as(DemoUsers.REVIEWER, SERIES_AS_OF,
                Map.of("s", "VIX", "a", "2018-03-02T12:00:00Z", "f", "2018-03-01", "t", "2018-03-31"));
        assertEquals(List.of("2018-03-01"), early.getList("data.macroSeries.points.observationDate"));
    }

    @Test
    void anAlfredFileWithThreeVintagesPerDateLoadsEveryVintage() throws Exception {
        String alfred = """
                realtime_start,realtime_end,date,value
                2018-05-01,2018-05-31,2018-04-01,2.0
                2018-06-01,2018-06-30,2018-04-01,2.1
                2018-07-01,9999-12-31,2018-04-01,2.15
                2018-05-01,2018-05-14,2018-04-02,3.0
                2018-05-15,2018-06-14,2018-04-02,3.2
                2018-06-15,9999-12-31,2018-04-02,3.1
                """;
        JsonPath r = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/BRENT.csv?source=alfred", alfred)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(6, r.getInt("inserted"), r::prettify);
        assertEquals(4, r.getInt("revisions"), "the second and third vintage of each date");
        assertEquals(6, count("select count(*) from macro_observations where series_id = 'BRENT' "
                + "and observation_date in ('2018-04-01', '2018-04-02') and source = 'alfred'"));
        // idempotent: the same file again writes nothing
        assertEquals(6, postCsv(DemoUsers.AUTOMATION, "/api/market/macro/BRENT.csv?source=alfred", alfred)
                .then().statusCode(200).extract().jsonPath().getInt("unchanged"));

        JsonPath vintages = GraphQL.as(DemoUsers.REVIEWER, VINTAGES, Map.of("s", "BRENT", "d", "2018-04-01"));
        assertEquals(List.of("2018-05-01T00:00:00Z", "2018-06-01T00:00:00Z", "2018-07-01T00:00:00Z"),
                vintages.getList("data.macroVintages.publishedAt"));
        // as of mid-June: 2.1 for April 1st (second vintage), 3.2 for April 2nd (its second vintage)
        JsonPath june = GraphQL.as(DemoUsers.REVIEWER, SERIES_AS_OF,
                Map.of("s", "BRENT", "a", "2018-06-10T00:00:00Z", "f", "2018-04-01", "t", "2018-04-02"));
        assertEquals(List.of(2.1f, 3.2f), june.getList("data.macroSeries.points.value"), june::prettify);
        assertEquals(List.of(2, 2), june.getList("data.macroSeries.points.versions"));

        // a vintage never changes: the same (date, realtime_start) with another value is a row error, nothing written
        String conflicting = "realtime_start,realtime_end,date,value\n2018-08-01,9999-12-31,2018-04-03,5\n"
                + "2018-06-01,2018-06-30,2018-04-01,2.2\n";
        JsonPath refused = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/BRENT.csv", conflicting)
                .then().statusCode(400).extract().jsonPath();
        assertEquals("VALIDATION", refused.getString("code"));
        assertEquals(3, refused.getInt("errors[0].row"), refused::prettify);
        assertTrue(refused.getString("errors[0].message").contains("is stored with value 2.1, not 2.2"),
                refused::prettify);
        assertEquals(0, count("select count(*) from macro_observations where series_id = 'BRENT' "
                + "and observation_date = '2018-04-03'"));
        // the same vintage twice in one file, and an end before the start, keep their line numbers
        JsonPath twice = postCsv(DemoUsers.AUTOMATION, "/api/market/macro/BRENT.csv",
                "realtime_start,realtime_end,date,value\n2018-08-01,9999-12-31,2018-04-03,5\n"
                        + "2018-08-01,9999-12-31,2018-04-03,5\n2018-08-01,2018-07-01,2018-04-04,5\n")
                .then().statusCode(400).extract().jsonPath();
        String all = twice.getList("errors").toString();
        assertTrue(all.contains("row=3") && all.contains("repeats row 2"), all);
        assertTrue(all.contains("row=4") && all.contains("realtime_end 2018-07-01 is before realtime_start"), all);
    }

    @Test
    void graphqlTakesAPublicationTimeForTheWholeBatchAndAnchorsDefaultsAtThePeriodEnd() throws Exception {
        String mutation = """
                mutation($o: [MacroInput!]!, $p: DateTime) { ingestMacro(observations: $o, publishedAt: $p, source: "api") {
                  inserted revisions unchanged } }""";
        // no publication time: monthly March CPI counts from April 1st, quarterly Q1 GDP from April 1st too
        JsonPath first = GraphQL.as(DemoUsers.AUTOMATION, mutation, Map.of("o", List.of(
                Map.of("seriesId", "UNEMP_COL", "observationDate", "2018-03-01", "value", 9.4),
                Map.of("seriesId", "GDP_COL", "observationDate", "2018-01-01", "value", 210.0))));
        assertNull(first.get("errors"), first::prettify);
        assertEquals(2, first.getInt("data.ingestMacro.inserted"));
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'UNEMP_COL' "
                + "and observation_date = '2018-03-01' and published_at = '2018-05-01T00:00:00Z'"), "2018-04-01 + 30 d");
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'GDP_COL' "
                + "and observation_date = '2018-01-01' and published_at = '2018-05-16T00:00:00Z'"), "2018-04-01 + 45 d");

        // a revision with the batch's publication time, and an observation that brings its own
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("o", List.of(Map.of("seriesId", "UNEMP_COL", "observationDate", "2018-03-01", "value", 9.5),
                Map.of("seriesId", "GDP_COL", "observationDate", "2018-01-01", "value", 211.0,
                        "publishedAt", "2018-08-15T12:00:00Z")));
        vars.put("p", "2018-06-01T15:00:00Z");
        JsonPath revision = GraphQL.as(DemoUsers.AUTOMATION, mutation, vars);
        assertNull(revision.get("errors"), revision::prettify);
        assertEquals(2, revision.getInt("data.ingestMacro.revisions"));
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'UNEMP_COL' "
                + "and published_at = '2018-06-01T15:00:00Z' and value = 9.5"));
        assertEquals(1, count("select count(*) from macro_observations where series_id = 'GDP_COL' "
                + "and published_at = '2018-08-15T12:00:00Z' and value = 211.0"));
        JsonPath future = GraphQL.as(DemoUsers.AUTOMATION, mutation,
                Map.of("o", List.of(Map.of("seriesId", "UNEMP_COL", "observationDate", "2018-03-01", "value", 9.6)),
                        "p", "2099-01-01T00:00:00Z"));
        assertEquals("VALIDATION", GraphQL.errorCode(future), future::prettify);
        assertTrue(GraphQL.errorMessage(future).contains("row 1: published_at 2099-01-01T00:00:00Z is in the future"),
                future::prettify);

        JsonPath unknown = GraphQL.as(DemoUsers.REVIEWER, VINTAGES, Map.of("s", "NOPE", "d", "2018-03-01"));
        assertEquals("VALIDATION", GraphQL.errorCode(unknown), unknown::prettify);
    }
}
