package co.usdcop.gate.features;

import co.usdcop.gate.market.MacroObservation;
import static co.usdcop.gate.features.FeatureFixtures.FEATURES;
import static co.usdcop.gate.features.FeatureFixtures.midnight;
import static co.usdcop.gate.features.FeatureFixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Point-in-time rules with hand-made publication calendars (market.yaml: monthly delay 30, ffill 35 days). */
class MacroPointInTimeTest {

    @Test
    void aMonthlyCpiPublishedThirtyDaysLateIsInvisibleBeforeItsPublication() {
        // January CPI (observation date 2025-01-01) published 30 days later, 2025-01-31 00:00 UTC;
        // December's (2024-12-01) published 2024-12-31.
        MacroPointInTime m = FEATURES.macro(List.of(
                new MacroObservation("CPI_COL", LocalDate.of(2025, 1, 1), 141.2, utc("2025-01-31T00:00:00Z")),
                new MacroObservation("CPI_COL", LocalDate.of(2024, 12, 1), 140.0, utc("2024-12-31T00:00:00Z"))));
        int cpi = m.indexOf("CPI_COL");
        m.advanceTo(utc("2025-01-15T13:00:00Z"));   // mid-January: January's CPI is not yet published
        assertEquals(140.0, m.level(cpi));
        m.advanceTo(utc("2025-01-30T23:59:59Z"));   // one second before publication
        assertEquals(140.0, m.level(cpi));
        assertEquals(LocalDate.of(2024, 12, 1), m.latestObservationDate(cpi));
        m.advanceTo(utc("2025-01-31T00:00:00Z"));   // published_at <= t: visible
        assertEquals(141.2, m.level(cpi));
        assertEquals(141.2 / 140.0 - 1, m.change(cpi), 1e-15);
    }

    @Test
    void nothingIsKnownBeforeTheFirstPublication() {
        MacroPointInTime m = FEATURES.macro(List.of(
                new MacroObservation("CPI_COL", LocalDate.of(2025, 1, 1), 141.2, utc("2025-01-31T00:00:00Z"))));
        m.advanceTo(utc("2025-01-30T13:00:00Z"));
        int cpi = m.indexOf("CPI_COL");
        assertTrue(Double.isNaN(m.level(cpi)));
        assertFalse(m.isUsable(cpi));
        assertNull(m.latestObservationDate(cpi));
        assertTrue(Double.isNaN(m.change(cpi)));
    }

    @Test
    void theForwardFillLimitCountsCalendarDaysFromThePublicationDate() {
        // published 2025-01-31; limit 35 days -> usable through 2025-03-07 (31 Jan + 35 d), missing from 03-08
        MacroPointInTime m = FEATURES.macro(List.of(
                new MacroObservation("CPI_COL", LocalDate.of(2025, 1, 1), 141.2, utc("2025-01-31T00:00:00Z"))));
        int cpi = m.indexOf("CPI_COL");
        m.advanceTo(utc("2025-03-07T17:55:00Z"));
        assertEquals(141.2, m.level(cpi));
        m.advanceTo(utc("2025-03-08T00:00:00Z"));
        assertTrue(Double.isNaN(m.level(cpi)));
        assertEquals(LocalDate.of(2025, 1, 1), m.latestObservationDate(cpi)); // still known, no longer usable
    }

    @Test
    void staleMeansOlderThanTheNominalSchedule() {
        // monthly, anchored at the period end (market.yaml): at t, ref = date(t) - 30 days; the month due is the one
        // that ended at or before ref. January CPI (2025-01-01) is published 2025-02-01 + 30 days = 2025-03-03.
        MacroPointInTime m = FEATURES.macro(List.of(
                new MacroObservation("CPI_COL", LocalDate.of(2025, 1, 1), 141.2, utc("2025-03-03T00:00:00Z"))));
        int cpi = m.indexOf("CPI_COL");
        m.advanceTo(utc("2025-03-30T13:00:00Z"));   // ref = 2025-02-28 -> January is due: current
        assertFalse(m.isStale(cpi));
        m.advanceTo(utc("2025-03-31T13:00:00Z"));   // ref = 2025-03-01 -> February (ended 03-01) is due but absent
        assertTrue(m.isStale(cpi));
        assertEquals(141.2, m.level(cpi));          // still usable (28 days after publication, limit 35)

        // daily (delay 1, anchored at the observation date): Friday's value on Monday is current; on Tuesday
        // Monday's is due
        MacroPointInTime d = FEATURES.macro(List.of(
                new MacroObservation("DXY", LocalDate.of(2025, 2, 28), 107, midnight(LocalDate.of(2025, 3, 1)))));
        int dxy = d.indexOf("DXY");
        d.advanceTo(utc("2025-03-03T13:00:00Z"));
        assertFalse(d.isStale(dxy));
        d.advanceTo(utc("2025-03-04T13:00:00Z"));
        assertTrue(d.isStale(dxy));

        // quarterly (delay 45, period end): Q4 2024 (2024-10-01) published 2025-01-01 + 45 days = 2025-02-15;
        // Q1 2025 is due from 2025-04-01 + 45 days = 2025-05-16
        MacroPointInTime q = FEATURES.macro(List.of(
                new MacroObservation("GDP_COL", LocalDate.of(2024, 10, 1), 1000, utc("2025-02-15T00:00:00Z"))));
        int gdp = q.indexOf("GDP_COL");
        q.advanceTo(utc("2025-05-15T13:00:00Z"));   // ref = 2025-03-31 (Q1 not ended): Q4 is current
        assertFalse(q.isStale(gdp));
        assertEquals(1000.0, q.level(gdp));
        q.advanceTo(utc("2025-05-16T13:00:00Z"));   // ref = 2025-04-01: Q1 ended, due, absent
        assertTrue(q.isStale(gdp));
    }

    @Test
    void revisionsReplaceAndLateBackfillsInsertInDateOrder() {
        List<MacroObservation> obs = new ArrayList<>();
        obs.add(new MacroObservation("DXY", LocalDate.of(2025, 3, 3), 100, utc("2025-03-04T00:00:00Z")));
        obs.add(new MacroObservation("DXY", LocalDate.of(2025, 3, 5), 110, utc("2025-03-06T00:00:00Z")));
        MacroPointInTime m = FEATURES.macro(obs);
        int dxy = m.indexOf("DXY");
        m.advanceTo(utc("2025-03-06T13:00:00Z"));
        assertEquals(110.0 / 100.0 - 1, m.change(dxy), 1e-15);
        // Tuesday's value arrives late (published Friday) -> becomes the previous observation of Wednesday's
        m.add(new MacroObservation("DXY", LocalDate.of(2025, 3, 4), 105, utc("2025-03-07T00:00:00Z")));
        m.advanceTo(utc("2025-03-06T17:55:00Z"));
        assertEquals(110.0 / 100.0 - 1, m.change(dxy), 1e-15);   // not yet published
        m.advanceTo(utc("2025-03-07T13:00:00Z"));
        assertEquals(110.0 / 105.0 - 1, m.change(dxy), 1e-15);
        assertEquals(110.0, m.level(dxy));
        // a revision of Wednesday's value
        m.add(new MacroObservation("DXY", LocalDate.of(2025, 3, 5), 111, utc("2025-03-07T15:00:00Z")));
        m.advanceTo(utc("2025-03-07T15:00:00Z"));
        assertEquals(111.0, m.level(dxy));
        assertEquals(3, m.knownCount(dxy));
    }

    @Test
    void theWindowKeepsTheLastTwentyObservations() {
        List<MacroObservation> obs = new ArrayList<>();
        LocalDate d = LocalDate.of(2025, 1, 1);
        for (int k = 1; k <= 30; k++) {
            obs.add(new MacroObservation("VIX", d.plusDays(k), k, midnight(d.plusDays(k + 1))));
        }
        MacroPointInTime m = FEATURES.macro(obs);
        int vix = m.indexOf("VIX");
        m.advanceTo(utc("2025-02-05T13:00:00Z"));
        assertEquals(20, m.knownCount(vix));
        // last 20 = 11..30: mean 20.5, sample variance 35 -> z = 9.5 / sqrt(35)
        assertEquals(9.5 / Math.sqrt(35), m.zScore(vix, 20), 1e-12);
    }

    @Test
    void invalidObservationsAndABackwardClockAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FEATURES.macro(List.of(
                new MacroObservation("NOPE", LocalDate.of(2025, 1, 1), 1, utc("2025-01-02T00:00:00Z")))));
        assertThrows(IllegalArgumentException.class, () -> FEATURES.macro(List.of(
                new MacroObservation("DXY", LocalDate.of(2025, 1, 1), Double.NaN, utc("2025-01-02T00:00:00Z")))));
        MacroPointInTime m = FEATURES.macro(List.of());
        m.advanceTo(utc("2025-01-02T13:00:00Z"));
        assertThrows(IllegalArgumentException.class, () -> m.advanceTo(utc("2025-01-02T12:00:00Z")));
    }

    @Test
    void compiledObservationsServeSeveralSourcesAndTheWindowSlidesThroughHundredsOfDays() {
        // 400 daily VIX observations, each published the next day at 00:00; a revision of day 295 published on
        // day 300 lands inside the 20-observation window. The window slides and is copied back many times.
        LocalDate first = LocalDate.of(2024, 1, 1);
        List<MacroObservation> obs = new ArrayList<>();
        double[] value = new double[400];
        for (int d = 0; d < 400; d++) {
            value[d] = 20 + 5 * Math.sin(d * 0.37) + d * 0.01;
            obs.add(new MacroObservation("VIX", first.plusDays(d), value[d], midnight(first.plusDays(d + 1))));
        }
        obs.add(new MacroObservation("VIX", first.plusDays(295), 99.0, midnight(first.plusDays(300))));
        MacroPointInTime.Observations compiled = FEATURES.compileMacro(obs);
        assertEquals(401, compiled.size());
        MacroPointInTime a = FEATURES.macro(compiled);
        MacroPointInTime b = FEATURES.macro(compiled);
        // a live observation added to one source is not seen by the other
        a.add(new MacroObservation("VIX", first.plusDays(400), 50.0, midnight(first.plusDays(401))));
        int vix = a.indexOf("VIX");
        for (int day = 26; day <= 401; day += 3) {
            java.time.Instant t = midnight(first.plusDays(day)).plusSeconds(13 * 3600);
            a.advanceTo(t);
            b.advanceTo(t);
            double[] window = new double[20]; // observation dates day-20 .. day-1, as known at t
            for (int k = 0; k < 20; k++) {
                int d = day - 20 + k;
                window[k] = d == 295 && day >= 300 ? 99.0 : d == 400 ? 50.0 : value[d];
            }
            double mean = 0;
            for (double x : window) {
                mean += x;
            }
            mean /= 20;
            double ss = 0;
            for (double x : window) {
                ss += (x - mean) * (x - mean);
            }
            double expected = (window[19] - mean) / Math.sqrt(ss / 19);
            assertEquals(expected, a.zScore(vix, 20), 1e-9, "source a on day " + day);
            if (day <= 400) {
                assertEquals(expected, b.zScore(vix, 20), 1e-9, "source b on day " + day);
            } else {
                assertEquals(value[399], b.level(vix), "source b never saw the live observation");
                assertEquals(50.0, a.level(vix));
            }
        }
    }

    /**
     * Three daily series and a monthly one, with random publication lags, revisions and late backfills, given in
     * shuffled order, a quarter of them added live (before their publication): at 13:00 UTC of every day for a
     * year, level, latest date and z-score of each series equal a direct reading of the class comment's rules over
     * the whole list — known = published at or before t; latest = greatest observation date, its most recent
     * publication's value; usable while date(t) − date(that publication) ≤ ffill_limit_days; z-score over the
     * last 20 known dates.
     */
    @Test
    void aShuffledMixOfSeriesRevisionsBackfillsAndLiveAddsMatchesADirectReadingOfTheRules() {
        java.util.Random rnd = new java.util.Random(5);
        String[] ids = {"DXY", "VIX", "BRENT", "CPI_COL"};
        LocalDate first = LocalDate.of(2024, 1, 1);
        List<MacroObservation> all = new ArrayList<>();
        for (String id : ids) {
            boolean monthly = id.equals("CPI_COL");
            for (LocalDate d = first; d.isBefore(first.plusDays(400)); d = monthly ? d.plusMonths(1) : d.plusDays(1)) {
                if (!monthly && d.getDayOfWeek().getValue() > 5) {
                    continue;
                }
                // published 1..4 days (daily) or 30..33 days (monthly) later, at a random second of the day
                long lag = (monthly ? 30 : 1) + rnd.nextInt(4);
                all.add(new MacroObservation(id, d, 100 + rnd.nextGaussian(), midnight(d.plusDays(lag))
                        .plusSeconds(rnd.nextInt(86_400))));
                if (rnd.nextInt(10) == 0) { // a revision, published later
                    all.add(new MacroObservation(id, d, 100 + rnd.nextGaussian(), midnight(d.plusDays(lag + 1 + rnd.nextInt(3)))
                            .plusSeconds(rnd.nextInt(86_400))));
                }
            }
            // a late backfill of an old date, published months later
            all.add(new MacroObservation(id, first.plusDays(10), 99.0, midnight(first.plusDays(200))));
        }
        java.util.Collections.shuffle(all, rnd);
        List<MacroObservation> compiled = new ArrayList<>();
        List<MacroObservation> live = new ArrayList<>();
        for (MacroObservation o : all) {
            (rnd.nextInt(4) == 0 && o.publishedAt().isAfter(midnight(first.plusDays(3))) ? live : compiled).add(o);
        }
        MacroPointInTime m = FEATURES.macro(compiled);
        for (int day = 0; day < 365; day++) {
            java.time.Instant t = midnight(first.plusDays(day)).plusSeconds(13 * 3600);
            // live observations arrive while the clock is still before their publication
            for (java.util.Iterator<MacroObservation> it = live.iterator(); it.hasNext(); ) {
                MacroObservation o = it.next();
                if (o.publishedAt().isAfter(t) && rnd.nextInt(30) == 0) {
                    m.add(o);
                    compiled.add(o);
                    it.remove();
                }
            }
            m.advanceTo(t);
            for (String id : ids) {
                int s = m.indexOf(id);
                int limit = id.equals("CPI_COL") ? 35 : 5;
                // the direct reading: per observation date, the value of its latest publication up to t
                java.util.TreeMap<LocalDate, MacroObservation> known = new java.util.TreeMap<>();
                for (MacroObservation o : compiled) {
                    if (o.seriesId().equals(id) && !o.publishedAt().isAfter(t)) {
                        known.merge(o.observationDate(), o, (a, b) -> b.publishedAt().isAfter(a.publishedAt()) ? b : a);
                    }
                }
                String at = id + " at " + t;
                if (known.isEmpty()) {
                    assertNull(m.latestObservationDate(s), at);
                    continue;
                }
                MacroObservation latest = known.lastEntry().getValue();
                assertEquals(latest.observationDate(), m.latestObservationDate(s), at);
                long age = t.atZone(java.time.ZoneOffset.UTC).toLocalDate().toEpochDay()
                        - latest.publishedAt().atZone(java.time.ZoneOffset.UTC).toLocalDate().toEpochDay();
                boolean usable = age <= limit;
                assertEquals(usable ? latest.value() : Double.NaN, m.level(s), 0.0, at);
                List<Double> window = known.values().stream().map(MacroObservation::value).toList();
                window = window.subList(Math.max(0, window.size() - 20), window.size());
                double z = Double.NaN;
                if (usable && window.size() == 20) {
                    double mean = window.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    double ss = window.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
                    z = (window.get(19) - mean) / Math.sqrt(ss / 19);
                }
                assertEquals(z, m.zScore(s, 20), 1e-9, at);
            }
        }
        assertTrue(live.size() < all.size() / 8, "most live observations were added: " + live.size() + " left");
    }
}
