package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.MacroObservation;
import static co.usdcop.gate.features.FeatureFixtures.FEATURES;
import static co.usdcop.gate.features.FeatureFixtures.utc;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for random bar and macro series and a random cut bar t, changing anything that happens after t — the
 * later bars, and every macro observation published after t (its value, its observation date, its publication
 * time as long as it stays after t, adding or removing such observations) — changes no feature vector at or
 * before t. A negative control shows the comparison does detect a change made at or before t.
 */
class NoLookAheadTest {

    private static final Instant START = utc("2025-03-03T13:00:00Z");
    private static final int TRIALS = 150;

    @Test
    void changingTheFutureChangesNoFeatureAtOrBeforeT() {
        int futureDifferences = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Random rnd = new Random(1000 + trial);
            int n = 120 + rnd.nextInt(300);
            List<Bar> bars = FeatureFixtures.randomBars(rnd, START, n);
            List<MacroObservation> obs = FeatureFixtures.randomDailyMacro(rnd,
                    LocalDate.of(2025, 1, 15), LocalDate.of(2025, 4, 15), 40);
            int cut = rnd.nextInt(n);
            Instant t = bars.get(cut).ts();

            List<Bar> bars2 = new ArrayList<>(bars.subList(0, cut + 1));
            bars2.addAll(perturbBars(rnd, bars.subList(cut + 1, n)));
            List<MacroObservation> obs2 = perturbMacroAfter(rnd, obs, t);

            List<FeatureVector> a = FEATURES.computeAll(bars, obs);
            List<FeatureVector> b = FEATURES.computeAll(bars2, obs2);
            for (int i = 0; i <= cut; i++) {
                StreamingConsistencyTest.assertSameVector(a.get(i), b.get(i), "trial " + trial + ", cut " + cut + ", bar " + i);
            }
            for (int i = cut + 1; i < n; i++) {
                if (!Arrays.equals(a.get(i).values(), b.get(i).values())) {
                    futureDifferences++;
                    break;
                }
            }
        }
        // the perturbations are real: they do change the features after t in (nearly) every trial
        assertTrue(futureDifferences > TRIALS * 0.8, "perturbations changed the future in " + futureDifferences + " trials");
    }

    @Test
    void negativeControlChangingAMacroValuePublishedBeforeTIsSeen() {
        Random rnd = new Random(5);
        List<Bar> bars = FeatureFixtures.randomBars(rnd, START, 200);
        List<MacroObservation> obs = FeatureFixtures.randomDailyMacro(rnd, LocalDate.of(2025, 1, 15), LocalDate.of(2025, 4, 15), 0);
        Instant t = bars.get(150).ts();
        // change the latest DXY published at or before t
        int latest = -1;
        for (int k = 0; k < obs.size(); k++) {
            MacroObservation o = obs.get(k);
            if (o.seriesId().equals("DXY") && !o.publishedAt().isAfter(t)
                    && (latest < 0 || o.publishedAt().isAfter(obs.get(latest).publishedAt()))) {
                latest = k;
            }
        }
        List<MacroObservation> obs2 = new ArrayList<>(obs);
        MacroObservation o = obs.get(latest);
        obs2.set(latest, new MacroObservation(o.seriesId(), o.observationDate(), o.value() * 1.01, o.publishedAt()));
        FeatureVector a = FEATURES.computeAll(bars, obs).get(150);
        FeatureVector b = FEATURES.computeAll(bars, obs2).get(150);
        assertTrue(!Arrays.equals(a.values(), b.values()) && !a.macroLevels().equals(b.macroLevels()));
    }

    private static List<Bar> perturbBars(Random rnd, List<Bar> future) {
        List<Bar> out = new ArrayList<>();
        for (Bar b : future) {
            double f = Math.exp(rnd.nextGaussian() * 0.002);
            double open = b.open() * f;
            double close = b.close() * Math.exp(rnd.nextGaussian() * 0.002);
            double high = Math.max(open, close) * 1.0005;
            double low = Math.min(open, close) * 0.9995;
            out.add(new Bar(b.ts(), open, high, low, close, b.volume() + 1));
        }
        return out;
    }

    private static List<MacroObservation> perturbMacroAfter(Random rnd, List<MacroObservation> obs, Instant t) {
        List<MacroObservation> out = new ArrayList<>();
        String[] ids = {"DXY", "VIX", "EMBI_COL", "BRENT", "USDMXN", "COL10Y", "UST10Y", "CPI_COL"};
        for (MacroObservation o : obs) {
            if (!o.publishedAt().isAfter(t)) {
                out.add(o);
                continue;
            }
            switch (rnd.nextInt(4)) {
                case 0 -> { } // removed
                case 1 -> out.add(new MacroObservation(o.seriesId(), o.observationDate(), o.value() * (1 + rnd.nextGaussian() * 0.05), o.publishedAt()));
                case 2 -> out.add(new MacroObservation(o.seriesId(), o.observationDate(), o.value(),
                        t.plusSeconds(1 + rnd.nextInt(5 * 86_400))));                 // published at another time, still after t
                default -> out.add(new MacroObservation(o.seriesId(),
                        o.observationDate().minusDays(rnd.nextInt(60)), o.value() * 0.9, o.publishedAt())); // an older date, late
            }
        }
        for (int k = 0; k < 40; k++) {   // brand-new observations published after t, some dated long before t
            LocalDate date = LocalDate.ofEpochDay(t.getEpochSecond() / 86_400 - 30 + rnd.nextInt(40));
            out.add(new MacroObservation(ids[rnd.nextInt(ids.length)], date, 1 + rnd.nextDouble() * 100,
                    t.plusSeconds(1 + rnd.nextInt(10 * 86_400))));
        }
        return out;
    }
}
