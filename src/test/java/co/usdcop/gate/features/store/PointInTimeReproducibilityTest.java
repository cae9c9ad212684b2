package co.usdcop.gate.features.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.backtest.BacktestProgress;
import co.usdcop.gate.backtest.BacktestService;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.backtest.PeriodType;
import co.usdcop.gate.backtest.RunSource;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.MacroObservation;
import co.usdcop.gate.market.IngestResult;
import co.usdcop.gate.market.MacroInput;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The perturbation test of the point-in-time promise, through the service: the same bars and macro observations are
 * loaded twice, the second time with revisions and late vintages all published after T. Every feature row at or
 * before T, the export of [start, T] (bytes and hash) and a backtest over [start, T] (its signature) must not change;
 * rows after T do. October 2023 belongs to this class.
 */
@QuarkusTest
class PointInTimeReproducibilityTest {

    static final LocalDate START_DAY = LocalDate.parse("2023-10-02");
    static final Instant START = Instant.parse("2023-10-02T00:00:00Z");
    /** The last bar of Friday 2023-10-13. */
    static final Instant T = Instant.parse("2023-10-13T17:55:00Z");
    static final Instant END = Instant.parse("2023-10-20T17:55:00Z");

    @Inject
    MarketIngestionService ingestion;

    @Inject
    FeatureStore store;

    @Inject
    GateConfig config;

    @Inject
    DemoSeeder demo;

    @Inject
    BacktestService backtests;

    @Inject
    BacktestStore backtestStore;

    @Inject
    ArtifactService artifacts;

    @Inject
    AgroalDataSource dataSource;

    long micros(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String export(Instant from, Instant to) {
        JsonPath r = GraphQL.as(DemoUsers.RESEARCHER, "mutation($f: DateTime!, $t: DateTime!) { exportDataset(from: $f,"
                + " to: $t) { sha256 rows dataSnapshotHash } }", Map.of("f", from.toString(), "t", to.toString()));
        assertNull(r.get("errors"), r::prettify);
        return r.getString("data.exportDataset.sha256");
    }

    BacktestSummary backtest() {
        return backtests.runForModel(UUID.randomUUID(), DemoPolicies.MOMENTUM,
                new BacktestService.Period(START_DAY, LocalDate.parse("2023-10-13"), PeriodType.CUSTOM),
                RunSource.SERVICE, "rita", BacktestProgress.NONE);
    }

    @Test
    void revisionsAndLateVintagesPublishedAfterTChangeNothingAtOrBeforeT() throws Exception {
        demo.seed();
        var generated = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(START_DAY, END.plusSeconds(300));
        ingestion.ingestGenerated(generated.bars(), generated.macro(), SyntheticMarketGenerator.SOURCE);

        List<FeatureVector> before = store.featuresBetween(START, END);
        assertEquals(15 * 60, before.size());
        String exportBefore = export(START, T);
        byte[] bytesBefore = read(exportBefore);
        BacktestSummary first = backtest();
        String checkpointsBefore = "select (extract(epoch from max(created_at)) * 1000000)::bigint"
                + " from feature_builder_checkpoints where ts <= '" + T + "'";
        long checkpointsWrittenBefore = micros(checkpointsBefore);
        long rowsComputedBefore = micros("select (extract(epoch from max(computed_at)) * 1000000)::bigint"
                + " from inference_features where ts between '" + START + "' and '" + T + "'");

        // the second load: the same bars and observations (no-ops) ...
        IngestResult[] again = ingestion.ingestGenerated(generated.bars(), generated.macro(),
                SyntheticMarketGenerator.SOURCE);
        assertEquals(0, again[0].inserted() + again[0].updated());
        assertEquals(0, again[1].inserted());
        // ... plus a revision of every tenth observation dated at or before T, published after T (one or two each)
        List<MacroInput> revisions = new ArrayList<>();
        List<MacroObservation> observed = generated.macro().stream()
                .filter(o -> !o.observationDate().isAfter(LocalDate.parse("2023-10-13"))
                        && o.observationDate().isAfter(LocalDate.parse("2023-09-01")))
                .toList();
        for (int i = 0; i < observed.size(); i += 10) {
            MacroObservation o = observed.get(i);
            Instant published = T.plus(Duration.ofHours(10 + i));
            revisions.add(new MacroInput(o.seriesId(), o.observationDate(), o.value() * 1.05 + 0.5, published));
            if (i % 20 == 0) {
                revisions.add(new MacroInput(o.seriesId(), o.observationDate(), o.value() * 0.9,
                        published.plus(Duration.ofDays(1))));
            }
        }
        // ... a late vintage of a date never published before (a Saturday), published after T
        revisions.add(new MacroInput("BRENT", LocalDate.parse("2023-10-07"), 99.0, Instant.parse("2023-10-14T09:00:00Z")));
        IngestResult revised = ingestion.ingestMacro(revisions, "alfred");
        assertEquals(revisions.size(), revised.inserted());
        assertEquals(revisions.size() - 1, revised.revisions());
        // ... and a FRED re-download with a changed value and no publication time (published now, long after T)
        MacroObservation dxy = observed.stream().filter(o -> o.seriesId().equals("DXY")).findFirst().orElseThrow();
        String fred = "observation_date,DXY\n" + dxy.observationDate() + "," + (dxy.value() + 3) + "\n";
        assertEquals(1, ingestion.ingestMacroCsv("DXY", stream(fred), "fred").revisions());

        List<FeatureVector> after = store.featuresBetween(START, END);
        assertEquals(before.size(), after.size());
        int changedAfterT = 0;
        for (int i = 0; i < before.size(); i++) {
            FeatureVector a = before.get(i);
            FeatureVector b = after.get(i);
            if (!a.ts().isAfter(T)) {
                assertArrayEquals(a.values(), b.values(), "feature row at " + a.ts());
                assertEquals(a.macroLevels(), b.macroLevels(), "macro levels at " + a.ts());
                assertEquals(a.macroWasFfilled(), b.macroWasFfilled());
                assertEquals(a.dataQualityScore(), b.dataQualityScore());
            } else if (!java.util.Arrays.equals(a.values(), b.values()) || !a.macroLevels().equals(b.macroLevels())) {
                changedAfterT++;
            }
        }
        assertTrue(changedAfterT > 60, "the revisions are visible after T: " + changedAfterT + " rows changed");
        // recomputed only from the first bar that can see a new vintage: nothing at or before T was rewritten
        assertEquals(checkpointsWrittenBefore, micros(checkpointsBefore), "checkpoints at or before T were rebuilt");
        assertEquals(rowsComputedBefore, micros("select (extract(epoch from max(computed_at)) * 1000000)::bigint"
                + " from inference_features where ts between '" + START + "' and '" + T + "'"));

        String exportAfter = export(START, T);
        assertEquals(exportBefore, exportAfter, "the export of [start, T] has the same hash");
        assertArrayEquals(bytesBefore, read(exportAfter), "and the same bytes");
        BacktestSummary rerun = backtest();
        assertEquals(first.signature(), rerun.signature(), "the backtest over [start, T] re-runs to the same signature");
        assertEquals(first.dataSnapshotHash(), rerun.dataSnapshotHash());
        assertEquals(first.signature(), backtestStore.recomputeSignature(first.id()));
    }

    byte[] read(String sha256) {
        return artifacts.read(artifacts.require(sha256, "dataset"));
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
