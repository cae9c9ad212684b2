package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.MacroObservation;
import static co.usdcop.gate.features.FeatureFixtures.FEATURES;
import static co.usdcop.gate.features.FeatureFixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batch, bar-by-bar, snapshot/restore, warm-up and live macro additions all give the same vectors, bit for bit. */
class StreamingConsistencyTest {

    private static final Instant START = utc("2025-03-03T13:00:00Z");

    static void assertSameVector(FeatureVector a, FeatureVector b, String where) {
        assertEquals(a.ts(), b.ts(), where);
        assertEquals(a.tradingDate(), b.tradingDate(), where);
        assertEquals(a.barNumber(), b.barNumber(), where);
        assertTrue(Arrays.equals(a.values(), b.values()),
                where + ": " + Arrays.toString(a.values()) + " vs " + Arrays.toString(b.values()));
        assertEquals(Double.doubleToLongBits(a.close()), Double.doubleToLongBits(b.close()), where);
        assertEquals(a.macroLevels(), b.macroLevels(), where);
        assertEquals(a.macroWasFfilled(), b.macroWasFfilled(), where);
        assertEquals(a.ohlcvWasInterpolated(), b.ohlcvWasInterpolated(), where);
        assertEquals(Double.doubleToLongBits(a.dataQualityScore()), Double.doubleToLongBits(b.dataQualityScore()), where);
    }

    private static List<MacroObservation> macro(Random rnd) {
        return FeatureFixtures.randomDailyMacro(rnd, LocalDate.of(2025, 1, 20), LocalDate.of(2025, 3, 20), 30);
    }

    @Test
    void batchAndBarByBarAreIdentical() {
        Random rnd = new Random(11);
        List<Bar> bars = FeatureFixtures.randomBars(rnd, START, 600);
        List<MacroObservation> obs = macro(rnd);
        List<FeatureVector> batch = FEATURES.computeAll(bars, obs);
        CanonicalFeatureBuilder b = FEATURES.newBuilder(obs);
        for (int i = 0; i < bars.size(); i++) {
            assertSameVector(batch.get(i), b.next(bars.get(i)), "bar " + i);
        }
        // the macro features are really exercised: full quality is reached once everything is warm
        assertEquals(1.0, batch.get(599).dataQualityScore());
    }

    @Test
    void snapshotRestoreAndWarmUpContinueExactly() throws Exception {
        Random rnd = new Random(12);
        List<Bar> bars = FeatureFixtures.randomBars(rnd, START, 400);
        List<MacroObservation> obs = macro(rnd);
        List<FeatureVector> batch = FEATURES.computeAll(bars, obs);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        for (int cut : new int[] {0, 1, 5, 30, 47, 48, 49, 137, 399}) {
            CanonicalFeatureBuilder first = FEATURES.newBuilder(obs);
            first.warmUp(bars.subList(0, cut));
            CanonicalFeatureBuilder.State state = first.snapshot();
            // stored as JSON (e.g. beside the last feature row) and read back
            CanonicalFeatureBuilder.State stored = json.readValue(json.writeValueAsString(state),
                    CanonicalFeatureBuilder.State.class);
            assertEquals(state, stored);
            CanonicalFeatureBuilder restored = FEATURES.restore(stored, obs);
            CanonicalFeatureBuilder warmed = FEATURES.newBuilder(obs);
            warmed.warmUp(bars.subList(0, cut));
            for (int i = cut; i < bars.size(); i++) {
                assertSameVector(batch.get(i), restored.next(bars.get(i)), "restored at " + cut + ", bar " + i);
                assertSameVector(batch.get(i), warmed.next(bars.get(i)), "warmed at " + cut + ", bar " + i);
                assertSameVector(batch.get(i), first.next(bars.get(i)), "continued at " + cut + ", bar " + i);
            }
        }
    }

    @Test
    void observationsAddedLiveBeforeTheirPublicationGiveTheBatchResult() {
        Random rnd = new Random(13);
        List<Bar> bars = FeatureFixtures.randomBars(rnd, START, 300);
        List<MacroObservation> obs = macro(rnd);
        List<FeatureVector> batch = FEATURES.computeAll(bars, obs);
        // live: the builder starts with nothing; each observation is added when the clock reaches its
        // publication day (before the first bar that may see it)
        List<MacroObservation> pending = new ArrayList<>(obs);
        pending.sort(java.util.Comparator.comparing(MacroObservation::publishedAt));
        CanonicalFeatureBuilder live = FEATURES.newBuilder(List.of());
        int next = 0;
        for (int i = 0; i < bars.size(); i++) {
            Instant t = bars.get(i).ts();
            while (next < pending.size() && !pending.get(next).publishedAt().isAfter(t.plusSeconds(86_400))) {
                live.macro().add(pending.get(next++));
            }
            assertSameVector(batch.get(i), live.next(bars.get(i)), "bar " + i);
        }
    }

    @Test
    void nextIntoWritesTheSameRowsAsNext() {
        Random rnd = new Random(14);
        List<Bar> bars = FeatureFixtures.randomBars(rnd, START, 200);
        List<MacroObservation> obs = macro(rnd);
        List<FeatureVector> batch = FEATURES.computeAll(bars, obs);
        CanonicalFeatureBuilder b = FEATURES.newBuilder(obs);
        double[] matrix = new double[bars.size() * 13];
        for (int i = 0; i < bars.size(); i++) {
            double quality = b.nextInto(bars.get(i), matrix, i * 13);
            FeatureVector v = batch.get(i);
            assertTrue(Arrays.equals(v.values(), Arrays.copyOfRange(matrix, i * 13, i * 13 + 13)), "bar " + i);
            assertEquals(v.dataQualityScore(), quality);
            assertEquals(v.macroLevels(), b.lastMacroLevels());
            assertEquals(v.macroWasFfilled(), b.lastMacroWasFfilled());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> b.nextInto(
                new Bar(utc("2025-03-20T13:00:00Z"), 1, 1, 1, 1, 0), new double[12], 0));
        assertEquals(200, b.barCount());   // the refused bar left the state unchanged
    }

    @Test
    void chunkedBatchesAndInterleavedPerBarCallsGiveTheSameRows() {
        Random rnd = new Random(15);
        List<Bar> bars = FeatureFixtures.randomBars(rnd, START, 700);
        List<MacroObservation> obs = macro(rnd);
        CanonicalFeatureBuilder reference = FEATURES.newBuilder(obs);
        List<FeatureVector> expected = new ArrayList<>();
        for (Bar bar : bars) {
            expected.add(reference.next(bar));
        }
        BarColumns columns = BarColumns.of(bars);
        CanonicalFeatureBuilder mixed = FEATURES.newBuilder(obs);
        FeatureBatch batch = new FeatureBatch(64);
        int i = 0;
        while (i < bars.size()) {
            if (rnd.nextInt(3) == 0) {                        // one bar through the per-bar API
                assertSameVector(expected.get(i), mixed.next(bars.get(i)), "per bar " + i);
                i++;
                continue;
            }
            int n = Math.min(bars.size() - i, 1 + rnd.nextInt(64));
            batch.clear();
            mixed.computeInto(columns, i, i + n, batch);
            assertEquals(n, batch.size());
            for (int r = 0; r < n; r++) {
                FeatureVector e = expected.get(i + r);
                assertSameVector(e, batch.vector(r), "batch row " + (i + r));
                for (int f = 0; f < CanonicalFeatures.MARKET_FEATURE_COUNT; f++) {
                    assertEquals(Double.doubleToLongBits(e.values()[f]), Double.doubleToLongBits(batch.value(r, f)));
                }
            }
            i += n;
        }
        // a batch that does not fit, or a range outside the columns, is refused before anything is computed
        batch.clear();
        CanonicalFeatureBuilder fresh = FEATURES.newBuilder(obs);
        assertThrows(IndexOutOfBoundsException.class, () -> fresh.computeInto(columns, 0, 65, batch));
        assertThrows(IndexOutOfBoundsException.class, () -> fresh.computeInto(columns, 690, 701, batch));
        assertEquals(0, fresh.barCount());
    }

    @Test
    void aRefusedBarInABatchKeepsTheRowsBeforeItAndTheBuilderAfterThem() {
        Random rnd = new Random(16);
        List<Bar> bars = new ArrayList<>(FeatureFixtures.randomBars(rnd, START, 30));
        List<FeatureVector> expected = FEATURES.computeAll(bars.subList(0, 20), List.of());
        bars.set(20, new Bar(bars.get(20).ts(), 4000, 3990, 4010, 4000, 1));   // high < low
        CanonicalFeatureBuilder b = FEATURES.newBuilder(List.of());
        FeatureBatch batch = new FeatureBatch(30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.computeInto(BarColumns.of(bars), 0, 30, batch));
        assertTrue(e.getMessage().contains("invalid prices"), e.getMessage());
        assertEquals(20, batch.size());
        assertEquals(20, b.barCount());
        for (int r = 0; r < 20; r++) {
            assertSameVector(expected.get(r), batch.vector(r), "row " + r);
        }
        assertEquals(bars.get(19).ts(), b.lastBarTime());
    }

    @Test
    void aStateFromAnotherContractVersionIsRefused() {
        CanonicalFeatureBuilder b = FEATURES.newBuilder(List.of());
        b.warmUp(FeatureFixtures.randomBars(new Random(1), START, 3));
        CanonicalFeatureBuilder.State s = b.snapshot();
        CanonicalFeatureBuilder.State other = new CanonicalFeatureBuilder.State("1.0.0", s.barCount(), s.lastBarTime(),
                s.recentLogCloses(), s.prevHigh(), s.prevLow(), s.prevClose(), s.avgGain(), s.avgLoss(), s.atr(),
                s.diAtr(), s.avgPlusDm(), s.avgMinusDm(), s.adx());
        assertNotEquals(s, other);
        assertThrows(IllegalArgumentException.class, () -> FEATURES.restore(other, List.of()));
    }
}
