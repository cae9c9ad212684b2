package co.usdcop.gate.features.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.Bar;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.registry.ModelRegistryService;
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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feature store through the database: a slice of the synthetic market (March 2021 belongs to this class) with
 * a COL10Y observation published 30 days late, so the point-in-time rule is visible in the stored rows.
 */
@QuarkusTest
class FeatureStoreTest {

    static final LocalDate FIRST_DAY = FeatureStoreFixtures.FIRST_DAY;
    static final Instant UNTIL = FeatureStoreFixtures.UNTIL;
    static final Instant FROM = Instant.parse("2021-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2021-03-05T23:59:59Z");
    /** COL10Y of 2021-02-01, published 30 days late, in the middle of the 2021-03-03 session. */
    static final Instant LATE_PUBLICATION = FeatureStoreFixtures.LATE_PUBLICATION;

    @Inject
    FeatureStoreFixtures slice;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    FeatureStore store;

    @Inject
    GateConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ArtifactService artifacts;

    @Inject
    ModelRegistryService registry;

    @BeforeEach
    void loadSlice() {
        slice.ingestMarch2021();
    }

    long scalar(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aLatePublicationIsInvisibleBeforeItIsPublished() {
        List<FeatureVector> rows = store.featuresBetween(FROM, TO);
        assertEquals(5 * 60, rows.size());
        int spread = CanonicalFeatures.RATE_SPREAD;
        for (FeatureVector f : rows) {
            if (f.ts().isBefore(LATE_PUBLICATION)) {
                assertTrue(Double.isNaN(f.values()[spread]), () -> "rate_spread visible at " + f.ts());
                assertFalse(f.macroLevels().containsKey("COL10Y") && Double.isFinite(f.macroLevels().get("COL10Y")),
                        () -> "COL10Y level visible at " + f.ts());
                assertTrue(f.dataQualityScore() <= 12.0 / 13, () -> "score at " + f.ts());
            } else {
                double ust = f.macroLevels().get("UST10Y");
                assertEquals(6.25 - ust, f.values()[spread], 1e-12, () -> "rate_spread at " + f.ts());
                assertEquals(6.25, f.macroLevels().get("COL10Y"));
            }
        }
        // the first bar that may see it is the one opening at the publication instant
        FeatureVector at = rows.stream().filter(f -> f.ts().equals(LATE_PUBLICATION)).findFirst().orElseThrow();
        assertFalse(Double.isNaN(at.values()[spread]));
    }

    @Test
    void recomputingIsIdempotentAndOnlyChangedInputsRewriteRows() throws Exception {
        FeatureSnapshot first = store.snapshot(FROM, TO);
        assertEquals(0, store.refresh(), "a second refresh must find nothing to do");
        FeatureSnapshot again = store.snapshot(FROM, TO);
        assertEquals(first.dataSnapshotHash(), again.dataSnapshotHash());

        // change the close of one bar on Wednesday: rows before it keep their values and their computed_at
        Instant changed = Instant.parse("2021-03-03T14:00:00Z");
        String lastComputedBefore = "select (extract(epoch from max(computed_at)) * 1000000)::bigint "
                + "from inference_features where ts >= '" + FROM + "' and ts < '" + changed + "'";
        long computedBefore = scalar(lastComputedBefore);
        Bar original = first.rows().stream().filter(f -> f.ts().equals(changed)).findFirst()
                .map(f -> new Bar(f.ts(), 0, 0, 0, f.close(), 0)).orElseThrow();
        Bar stored = readBar(changed);
        double newClose = stored.close() + 1.0;
        ingestion.ingestBars(List.of(new Bar(changed, stored.open(), Math.max(stored.high(), newClose),
                stored.low(), newClose, stored.volume())), "correction");
        FeatureSnapshot after = store.snapshot(FROM, TO);
        assertNotEquals(first.dataSnapshotHash(), after.dataSnapshotHash());
        for (int i = 0; i < first.rows().size(); i++) {
            FeatureVector a = first.rows().get(i);
            FeatureVector b = after.rows().get(i);
            if (a.ts().isBefore(changed)) {
                assertEquals(List.of(toList(a.values())), List.of(toList(b.values())), "row before the change at " + a.ts());
            }
        }
        FeatureVector atChange = after.rows().stream().filter(f -> f.ts().equals(changed)).findFirst().orElseThrow();
        assertEquals(original.close() + 1.0, atChange.close());
        assertEquals(computedBefore, scalar(lastComputedBefore), "rows before the change were rewritten");

        // put it back: the original values (and hash) return
        ingestion.ingestBars(List.of(stored), SyntheticMarketGenerator.SOURCE);
        assertEquals(first.dataSnapshotHash(), store.snapshot(FROM, TO).dataSnapshotHash());
    }

    @Test
    void aRefreshResumesFromACheckpointAndGivesTheRowsOfAComputationFromTheFirstBar() throws Exception {
        store.snapshot(FROM, TO);
        assertEquals(0, store.refresh(), "nothing left to do");
        assertFromScratch("after the refresh");
        // a checkpoint stands after the last bar of every trading date: Monday's and Tuesday's of this slice
        for (String dayEnd : new String[] {"2021-03-01T17:55:00Z", "2021-03-02T17:55:00Z"}) {
            assertEquals(1, scalar("select count(*) from feature_builder_checkpoints where contract_version = '"
                    + store.contractVersion() + "' and ts = '" + dayEnd + "'"), "checkpoint after " + dayEnd);
        }

        // a correction on Wednesday: the checkpoints at or after it are replaced, the earlier ones kept, and the
        // rows after it equal a computation from the first bar
        Instant changed = Instant.parse("2021-03-03T14:00:00Z");
        String checkpointsBefore = "select count(*) from feature_builder_checkpoints where ts < '" + changed + "'";
        long kept = scalar(checkpointsBefore);
        assertTrue(kept >= 2, "the refresh after the correction can resume on Tuesday evening");
        long stampBefore = scalar("select coalesce((extract(epoch from max(created_at)) * 1000000)::bigint, 0)"
                + " from feature_builder_checkpoints where ts < '" + changed + "'");
        Bar stored = readBar(changed);
        double newClose = stored.close() + 2.5;
        try {
            ingestion.ingestBars(List.of(new Bar(changed, stored.open(), Math.max(stored.high(), newClose),
                    stored.low(), newClose, stored.volume())), "correction");
            store.refresh();
            assertEquals(kept, scalar(checkpointsBefore), "checkpoints before the change stay");
            assertEquals(stampBefore, scalar("select coalesce((extract(epoch from max(created_at)) * 1000000)::bigint, 0)"
                    + " from feature_builder_checkpoints where ts < '" + changed + "'"), "and are not rewritten");
            assertTrue(scalar("select count(*) from feature_builder_checkpoints where ts >= '" + changed + "'") > 0,
                    "the refresh wrote checkpoints after the change");
            assertEquals(0, scalar("select count(*) from feature_builder_checkpoints where ts >= '" + changed
                    + "' and (extract(epoch from created_at) * 1000000)::bigint <= " + stampBefore),
                    "no checkpoint at or after the change is older than the correction");
            assertFromScratch("after the correction");
        } finally {
            ingestion.ingestBars(List.of(stored), SyntheticMarketGenerator.SOURCE);
        }
        store.refresh();
        assertFromScratch("after the correction was undone");
    }

    @Test
    void anUnusableCheckpointIsDroppedAndTheRefreshStartsFromTheFirstBar() throws Exception {
        store.snapshot(FROM, TO);
        Instant tuesdayEnd = Instant.parse("2021-03-02T17:55:00Z");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            // a state this builder cannot continue (too few closes for its bar count), where the refresh would resume
            st.executeUpdate("update feature_builder_checkpoints set state = jsonb_set(state, '{recentLogCloses}',"
                    + " '[1.0]') where ts = '" + tuesdayEnd + "'");
            st.executeUpdate("update feature_refresh_state set dirty_from = '2021-03-03T13:00:00Z'");
        }
        store.refresh();
        assertFromScratch("after dropping the unusable checkpoint");
        assertEquals(1, scalar("select count(*) from feature_builder_checkpoints where ts = '" + tuesdayEnd
                + "' and jsonb_array_length(state -> 'recentLogCloses') = 48"), "written again, whole");
    }

    /** Every stored row equals what a builder fed every stored bar from the first one computes, bit for bit. */
    private void assertFromScratch(String when) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            List<Bar> bars = co.usdcop.gate.market.MarketDataReader.barsAfter(c, null, Integer.MAX_VALUE);
            Instant last = bars.get(bars.size() - 1).ts();
            List<FeatureVector> expected = CanonicalFeatures.of(config.featureContract(), config.market())
                    .computeAll(bars, co.usdcop.gate.market.MarketDataReader.macroPublishedBy(c, last));
            List<FeatureVector> stored = FeatureRowStore.read(c, store.contractVersion(), bars.get(0).ts(), last, 0, 0);
            assertEquals(expected.size(), stored.size(), when + ": one row per stored bar");
            for (int i = 0; i < expected.size(); i++) {
                FeatureVector e = expected.get(i);
                FeatureVector a = stored.get(i);
                assertEquals(e.ts(), a.ts(), when);
                assertEquals(List.of(toList(e.values())), List.of(toList(a.values())), when + ": values at " + e.ts());
                assertEquals(e.dataQualityScore(), a.dataQualityScore(), when + ": quality at " + e.ts());
                assertEquals(e.macroWasFfilled(), a.macroWasFfilled(), when + ": ffilled flag at " + e.ts());
                assertEquals(e.ohlcvWasInterpolated(), a.ohlcvWasInterpolated(), when + ": gap flag at " + e.ts());
            }
        }
    }

    @Test
    void theTicksNewestRowIsRecomputedOnlyWhenItsBarIsNotCurrent() throws Exception {
        Instant lastBar = Instant.parse("2021-03-05T17:55:00Z");
        FeatureVector expected = store.featuresBetween(lastBar, lastBar).get(0);
        Instant evening = Instant.parse("2021-03-05T21:00:00Z");
        try (Connection c = dataSource.getConnection()) {
            FeatureRowStore.Newest current = FeatureRowStore.newest(c, store.contractVersion(), evening);
            assertTrue(current.current());
            assertEquals(lastBar, current.row().ts());

            // inputs changed at or before the bar (an ingestion marks dirty_from): not current until refreshed
            try (Statement st = c.createStatement()) {
                st.executeUpdate("update feature_refresh_state set dirty_from = '" + lastBar + "'");
            }
            assertFalse(FeatureRowStore.newest(c, store.contractVersion(), evening).current());
            store.refresh(); // what the tick does when its read is not current
            FeatureRowStore.Newest refreshed = FeatureRowStore.newest(c, store.contractVersion(), evening);
            assertTrue(refreshed.current(), "refreshed");
            assertEquals(List.of(toList(expected.values())), List.of(toList(refreshed.row().values())));

            // the newest bar has no row: computed on the way
            try (Statement st = c.createStatement()) {
                st.executeUpdate("delete from inference_features where ts = '" + lastBar + "'");
            }
            FeatureRowStore.Newest missing = FeatureRowStore.newest(c, store.contractVersion(), evening);
            assertFalse(missing.current());
            assertEquals(lastBar.minusSeconds(300), missing.row().ts());
            store.refresh();
            FeatureVector recomputed = FeatureRowStore.newest(c, store.contractVersion(), evening).row();
            assertEquals(lastBar, recomputed.ts());
            assertEquals(List.of(toList(expected.values())), List.of(toList(recomputed.values())));

            // before the first bar there is nothing, and nothing to compute
            FeatureRowStore.Newest none = FeatureRowStore.newest(c, store.contractVersion(),
                    Instant.parse("1990-01-01T00:00:00Z"));
            assertNull(none.row());
            assertTrue(none.current());
        }
    }

    @Test
    void datasetExportIsDeterministicAndStoredAsAnArtifact() throws Exception {
        Map<String, Object> range = Map.of("from", FROM.toString(), "to", TO.toString());
        String mutation = "mutation($from: DateTime!, $to: DateTime!){ exportDataset(from:$from, to:$to){ sha256 rows "
                + "featureOrderHash dataSnapshotHash kind } }";
        JsonPath a = GraphQL.as(DemoUsers.RESEARCHER, mutation, range);
        assertNull(a.get("errors"), a::prettify);
        JsonPath b = GraphQL.as(DemoUsers.AUTOMATION, mutation, range);
        String hash = a.getString("data.exportDataset.sha256");
        assertEquals(hash, b.getString("data.exportDataset.sha256"));
        assertEquals(hash, a.getString("data.exportDataset.dataSnapshotHash"));
        assertEquals(300, a.getInt("data.exportDataset.rows"));
        assertEquals(config.featureContract().featureOrderHash(), a.getString("data.exportDataset.featureOrderHash"));
        byte[] file = artifacts.read(artifacts.require(hash, "dataset"));
        assertEquals("dataset", artifacts.require(hash, "dataset").kind);
        assertEquals(hash, Hashes.sha256Hex(file));
        String[] lines = new String(file).split("\n");
        assertEquals(301, lines.length);
        assertEquals("ts,trading_date,bar_number," + String.join(",", CanonicalFeatures.MARKET_FEATURES)
                + ",close,macro_was_ffilled,ohlcv_was_interpolated,data_quality_score", lines[0]);
        assertTrue(lines[1].startsWith("2021-03-01T13:00:00Z,2021-03-01,1,"), lines[1]);
        assertEquals(1, scalar("select count(*) from market_exports where kind = 'dataset' and sha256 = '" + hash + "'"));
        assertTrue(registry.datasetKnown(hash), "model registration must recognise an exported dataset");

        JsonPath stats = GraphQL.as(DemoUsers.RESEARCHER, mutation.replace("exportDataset", "exportNormStats"), range);
        assertNull(stats.get("errors"), stats::prettify);
        String statsHash = stats.getString("data.exportNormStats.sha256");
        var json = co.usdcop.gate.common.CanonicalJson.tree(new String(artifacts.read(artifacts.require(statsHash, "norm stats"))));
        assertEquals(13, json.size());
        assertTrue(json.get("rsi_9").get("std").asDouble() > 0);
        assertEquals(statsHash, GraphQL.as(DemoUsers.AUTOMATION, mutation.replace("exportDataset", "exportNormStats"), range)
                .getString("data.exportNormStats.sha256"));

        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, mutation, range)));
        assertEquals("UNAUTHORIZED", GraphQL.errorCode(GraphQL.as(null, mutation, range)));
    }

    @Test
    void featuresAndDataQualityQueries() {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ features(from:\"2021-03-03T14:55:00Z\", to:\"2021-03-03T15:00:00Z\"){ total "
                + "items { ts barNumber dataQualityScore belowMinQuality macroWasFfilled features { name value } macroLevels { name value } } } }");
        assertNull(r.get("errors"), r::prettify);
        assertEquals(2, r.getInt("data.features.total"));
        assertEquals(24, r.getInt("data.features.items[0].barNumber"));
        assertEquals("rate_spread", r.getString("data.features.items[0].features[11].name"));
        assertNull(r.get("data.features.items[0].features[11].value"));
        assertTrue(r.getFloat("data.features.items[1].features[11].value") != 0f);

        JsonPath q = GraphQL.as(DemoUsers.REVIEWER, "{ dataQuality(from:\"2021-03-01T00:00:00Z\", to:\"2021-03-05T23:59:59Z\"){ "
                + "bars expectedBars missingBars featureRows meanQualityScore macroFfilledShare rowsAfterMissingBars missingByDay { date } "
                + "seriesFreshness { seriesId stale source lastObservationDate } } }");
        assertNull(q.get("errors"), q::prettify);
        assertEquals(300, q.getInt("data.dataQuality.bars"));
        assertEquals(300, q.getInt("data.dataQuality.expectedBars"));
        assertEquals(0, q.getInt("data.dataQuality.missingBars"));
        assertEquals(300, q.getInt("data.dataQuality.featureRows"));
        assertEquals(0, q.getInt("data.dataQuality.rowsAfterMissingBars"));
        assertTrue(q.getDouble("data.dataQuality.meanQualityScore") < 1.0);
        List<Map<String, Object>> freshness = q.getList("data.dataQuality.seriesFreshness");
        Map<String, Object> col = freshness.stream().filter(m -> m.get("seriesId").equals("COL10Y")).findFirst().orElseThrow();
        assertEquals("alfred", col.get("source"));
        assertEquals(false, col.get("stale"));
        Map<String, Object> dxy = freshness.stream().filter(m -> m.get("seriesId").equals("DXY")).findFirst().orElseThrow();
        assertEquals("synthetic", dxy.get("source"));
        assertEquals("2021-03-04", dxy.get("lastObservationDate"));
    }

    private Bar readBar(Instant ts) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select open, high, low, close, volume from usdcop_m5_ohlcv where ts = '" + ts + "'")) {
            rs.next();
            return new Bar(ts, rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
        }
    }

    private static List<Double> toList(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
