package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.MacroObservation;
import static co.usdcop.gate.features.CanonicalFeatures.ADX_14;
import static co.usdcop.gate.features.CanonicalFeatures.ATR_PCT;
import static co.usdcop.gate.features.CanonicalFeatures.BRENT_CHANGE_1D;
import static co.usdcop.gate.features.CanonicalFeatures.DXY_CHANGE_1D;
import static co.usdcop.gate.features.CanonicalFeatures.DXY_Z;
import static co.usdcop.gate.features.CanonicalFeatures.EMBI_Z;
import static co.usdcop.gate.features.CanonicalFeatures.LOG_RET_1H;
import static co.usdcop.gate.features.CanonicalFeatures.LOG_RET_4H;
import static co.usdcop.gate.features.CanonicalFeatures.LOG_RET_5M;
import static co.usdcop.gate.features.CanonicalFeatures.RATE_SPREAD;
import static co.usdcop.gate.features.CanonicalFeatures.RSI_9;
import static co.usdcop.gate.features.CanonicalFeatures.USDMXN_CHANGE_1D;
import static co.usdcop.gate.features.CanonicalFeatures.VIX_Z;
import static co.usdcop.gate.features.FeatureFixtures.FEATURES;
import static co.usdcop.gate.features.FeatureFixtures.barTimes;
import static co.usdcop.gate.features.FeatureFixtures.barsFromCloses;
import static co.usdcop.gate.features.FeatureFixtures.midnight;
import static co.usdcop.gate.features.FeatureFixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed values of each market feature on tiny series (arithmetic in the comments). */
class CanonicalFeatureBuilderTest {

    private static final Instant MONDAY_OPEN = utc("2025-03-03T13:00:00Z");
    private static final double EPS = 1e-12;

    @Test
    void contractOrderIsTheImplementedOrder() {
        assertEquals(FeatureFixtures.CONFIG.featureContract().marketFeatureNames(), CanonicalFeatures.MARKET_FEATURES);
        assertEquals(List.of("DXY", "VIX", "EMBI_COL", "BRENT", "COL10Y", "UST10Y", "USDMXN"), FEATURES.macroSeriesUsed());
        assertEquals(20, FEATURES.macroHistoryLength());
    }

    @Test
    void logReturnsUseTheCloseOneTwelveAndFortyEightBarsBack() {
        double[] closes = new double[49];
        for (int k = 0; k < closes.length; k++) {
            closes[k] = 4000 + 10 * k;                      // 4000, 4010, ..., 4480
        }
        List<FeatureVector> v = FEATURES.computeAll(barsFromCloses(MONDAY_OPEN, closes), List.of());
        assertTrue(Double.isNaN(v.get(0).values()[LOG_RET_5M]));
        assertEquals(Math.log(4010.0 / 4000.0), v.get(1).values()[LOG_RET_5M], EPS);      // ln(1.0025) = 0.0024968801
        assertEquals(0.0024968801, v.get(1).values()[LOG_RET_5M], 1e-10);
        assertTrue(Double.isNaN(v.get(11).values()[LOG_RET_1H]));
        assertEquals(0.0295588022, v.get(12).values()[LOG_RET_1H], 1e-10);                // ln(4120/4000) = ln(1.03)
        assertTrue(Double.isNaN(v.get(47).values()[LOG_RET_4H]));
        assertEquals(0.1133286853, v.get(48).values()[LOG_RET_4H], 1e-10);                // ln(4480/4000) = ln(1.12)
        assertEquals(0.0271509891, v.get(48).values()[LOG_RET_1H], 1e-10);                // ln(4480/4360) = ln(1.0275229)
    }

    @Test
    void rsiIsWilderSmoothedAndSeededAtTheNinthBar() {
        // closes: 100 x 9 (i = 0..8), then 102, 101, 99.5
        List<FeatureVector> v = FEATURES.computeAll(barsFromCloses(MONDAY_OPEN,
                100, 100, 100, 100, 100, 100, 100, 100, 100, 102, 101, 99.5), List.of());
        assertTrue(Double.isNaN(v.get(8).values()[RSI_9]));
        // i = 9: seed G = gain[9] = 2, L = loss[9] = 0  ->  L = 0 < G  ->  100
        assertEquals(100.0, v.get(9).values()[RSI_9]);
        // i = 10: gain 0, loss 1: G = 2 + (0 - 2)/9 = 16/9, L = 0 + (1 - 0)/9 = 1/9, RS = 16, RSI = 100 - 100/17
        assertEquals(94.11764705882354, v.get(10).values()[RSI_9], 1e-10);
        // i = 11: loss 1.5: G = 16/9 - 16/81 = 128/81, L = 1/9 + (1.5 - 1/9)/9 = 21.5/81,
        //         RS = 128/21.5, RSI = 100 * 128 / 149.5 = 85.61872909698997
        assertEquals(85.61872909698997, v.get(11).values()[RSI_9], 1e-10);
    }

    @Test
    void rsiIsFiftyWhenThereIsNoMovementAtAll() {
        double[] flat = new double[12];
        java.util.Arrays.fill(flat, 4000);
        List<FeatureVector> v = FEATURES.computeAll(barsFromCloses(MONDAY_OPEN, flat), List.of());
        assertEquals(50.0, v.get(9).values()[RSI_9]);   // G = L = 0
        assertEquals(50.0, v.get(11).values()[RSI_9]);
        assertEquals(0.0, v.get(11).values()[LOG_RET_5M]);
    }

    /** Bars k = 0..27 trend up by 1 (low 100+k, high 102+k, close 101+k), bar 28 falls (high 128, low 124, close 125). */
    private static List<Bar> trendThenDrop() {
        List<Instant> t = barTimes(MONDAY_OPEN, 29);
        List<Bar> bars = new ArrayList<>();
        for (int k = 0; k < 28; k++) {
            bars.add(new Bar(t.get(k), 101 + k, 102 + k, 100 + k, 101 + k, 10));
        }
        bars.add(new Bar(t.get(28), 128, 128, 124, 125, 10));
        return bars;
    }

    @Test
    void atrPctIsWilderAtrOverCloseSeededAtTheFourteenthBar() {
        List<FeatureVector> v = FEATURES.computeAll(trendThenDrop(), List.of());
        // while trending: TR = max(high-low = 2, |high - prevClose| = |102+k - (100+k)| = 2, |prevClose - low| = 0) = 2
        assertTrue(Double.isNaN(v.get(13).values()[ATR_PCT]));
        assertEquals(2.0 / 115.0, v.get(14).values()[ATR_PCT], EPS);     // ATR[14] = TR[14] = 2, close 115
        assertEquals(2.0 / 128.0, v.get(27).values()[ATR_PCT], EPS);     // ATR stays 2, close 128
        // i = 28: TR = max(128 - 124 = 4, |128 - 128| = 0, |128 - 124| = 4) = 4; ATR = 2 + (4 - 2)/14 = 15/7
        assertEquals((15.0 / 7.0) / 125.0, v.get(28).values()[ATR_PCT], EPS);
    }

    @Test
    void adxIsWilderSmoothedDxEmittedAfterItsWarmup() {
        List<FeatureVector> v = FEATURES.computeAll(trendThenDrop(), List.of());
        // while trending: up = 1, down = -1 -> +DM = 1, -DM = 0; ATR = 2, MMA(+DM) = 1 -> +DI = 50, -DI = 0, DX = 100;
        // ADX seeded at i = 14 with DX = 100 and stays 100, but is NaN until warmup_bars = 28
        assertTrue(Double.isNaN(v.get(27).values()[ADX_14]));
        // i = 28: up = 128 - 129 = -1, down = 127 - 124 = 3 -> +DM = 0, -DM = 3
        //   MMA(+DM) = 1 + (0 - 1)/14 = 13/14, MMA(-DM) = 0 + 3/14 = 3/14, ATR = 15/7
        //   +DI = 100 * (13/14) / (15/7) = 43.333.., -DI = 100 * (3/14) / (15/7) = 10
        //   DX = 100 * |43.333 - 10| / 53.333 = 62.5;  ADX = 100 + (62.5 - 100)/14 = 97.32142857142857
        assertEquals(97.32142857142857, v.get(28).values()[ADX_14], 1e-10);
        // RSI at 28: G = 1 + (0 - 1)/9 = 8/9, L = 3/9; RS = 8/3; RSI = 100 - 100/(11/3) = 800/11
        assertEquals(800.0 / 11.0, v.get(28).values()[RSI_9], 1e-10);
        assertEquals(100.0, v.get(27).values()[RSI_9]);               // only gains so far
        assertEquals(Math.log(125.0 / 128.0), v.get(28).values()[LOG_RET_5M], EPS);
    }

    @Test
    void adxIsZeroWhenNothingMovesWithOrWithoutARange() {
        // a constant range (high = close + 1, low = close - 1): ATR = 2, no directional movement, so +DI + -DI = 0
        // is below the tolerance and DX = 0
        double[] flat = new double[30];
        java.util.Arrays.fill(flat, 4000);
        List<FeatureVector> ranged = FEATURES.computeAll(barsFromCloses(MONDAY_OPEN, flat), List.of());
        assertEquals(0.0, ranged.get(28).values()[ADX_14]);
        assertEquals(2.0 / 4000, ranged.get(28).values()[ATR_PCT], EPS);
        // no range at all (high = low = close): ATR = 0 is below the tolerance, so are both DI, and DX = 0
        List<Bar> still = new java.util.ArrayList<>();
        for (Instant t : barTimes(MONDAY_OPEN, 30)) {
            still.add(new Bar(t, 4000, 4000, 4000, 4000, 100));
        }
        List<FeatureVector> v = FEATURES.computeAll(still, List.of());
        assertEquals(0.0, v.get(28).values()[ADX_14]);
        assertEquals(0.0, v.get(29).values()[ATR_PCT]);
        assertEquals(50.0, v.get(29).values()[RSI_9]);
    }

    /**
     * Every bar feature of 600 random bars (ten sessions: warm-up, the steady state after it and nine overnight
     * gaps) against the contract's formulas written out plainly — quotients as written, divisions by the period,
     * the DI through the ATR — with none of the builder's rearrangements (one logarithm a bar, one division for RSI
     * and DX, 1/n multipliers, two passes, a separate steady-state loop).
     */
    @Test
    void everyBarFeatureFollowsTheContractFormulasWrittenOutPlainly() {
        List<Bar> bars = FeatureFixtures.randomBars(new java.util.Random(11), MONDAY_OPEN, 600);
        List<FeatureVector> v = FEATURES.computeAll(bars, List.of());
        int n = bars.size();
        double[] c = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = bars.get(i).close();
            h[i] = bars.get(i).high();
            l[i] = bars.get(i).low();
        }
        double[] gain = new double[n];
        double[] loss = new double[n];
        double[] tr = new double[n];
        double[] plusDm = new double[n];
        double[] minusDm = new double[n];
        tr[0] = h[0] - l[0];
        for (int i = 1; i < n; i++) {
            gain[i] = Math.max(c[i] - c[i - 1], 0);
            loss[i] = Math.max(c[i - 1] - c[i], 0);
            tr[i] = Math.max(h[i] - l[i], Math.max(Math.abs(h[i] - c[i - 1]), Math.abs(c[i - 1] - l[i])));
            double up = h[i] - h[i - 1];
            double down = l[i - 1] - l[i];
            plusDm[i] = up > down && up > 0 ? up : 0;
            minusDm[i] = down > up && down > 0 ? down : 0;
        }
        double[] avgGain = wilder(gain, 9);
        double[] avgLoss = wilder(loss, 9);
        double[] atr = wilder(tr, 14);
        double[] avgPlus = wilder(plusDm, 14);
        double[] avgMinus = wilder(minusDm, 14);
        double[] dx = new double[n];
        for (int i = 14; i < n; i++) {
            double plusDi = Math.abs(atr[i]) < 1e-5 ? 0 : 100 * avgPlus[i] / atr[i];
            double minusDi = Math.abs(atr[i]) < 1e-5 ? 0 : 100 * avgMinus[i] / atr[i];
            dx[i] = Math.abs(plusDi + minusDi) < 1e-5 ? 0 : 100 * Math.abs(plusDi - minusDi) / (plusDi + minusDi);
        }
        double[] adx = wilder(dx, 14); // seeded with DX[14]
        int checked = 0;
        for (int i = 0; i < n; i++) {
            double[] x = v.get(i).values();
            String at = " at bar " + i;
            assertClose(i >= 1 ? Math.log(c[i] / c[i - 1]) : Double.NaN, x[LOG_RET_5M], 1e-14, "log_ret_5m" + at);
            assertClose(i >= 12 ? Math.log(c[i] / c[i - 12]) : Double.NaN, x[LOG_RET_1H], 1e-14, "log_ret_1h" + at);
            assertClose(i >= 48 ? Math.log(c[i] / c[i - 48]) : Double.NaN, x[LOG_RET_4H], 1e-14, "log_ret_4h" + at);
            double rsi = avgLoss[i] == 0 ? (avgGain[i] == 0 ? 50 : 100) : 100 - 100 / (1 + avgGain[i] / avgLoss[i]);
            assertClose(i >= 9 ? rsi : Double.NaN, x[RSI_9], 1e-9, "rsi_9" + at);
            assertClose(i >= 14 ? atr[i] / c[i] : Double.NaN, x[ATR_PCT], 1e-15, "atr_pct" + at);
            assertClose(i >= 28 ? adx[i] : Double.NaN, x[ADX_14], 1e-9, "adx_14" + at);
            if (i >= 48) {
                assertEquals(6.0 / 13.0, v.get(i).dataQualityScore(), EPS, "quality" + at);
                checked++;
            }
        }
        assertEquals(552, checked);
    }

    /** Wilder's average as the contract states it: NaN before {@code period}, x[period], then prev + (x − prev) / period. */
    private static double[] wilder(double[] x, int period) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = i < period ? Double.NaN : i == period ? x[i] : out[i - 1] + (x[i] - out[i - 1]) / period;
        }
        return out;
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, was " + actual);
        } else {
            assertEquals(expected, actual, tolerance, what);
        }
    }

    @Test
    void warmUpBarsAreNaNAndEveryBarFeatureIsDefinedAfterwards() {
        List<FeatureVector> v = FEATURES.computeAll(
                FeatureFixtures.randomBars(new java.util.Random(7), MONDAY_OPEN, 60), List.of());
        int[] warmup = {1, 12, 48, 9, 14, 28};
        for (int f = 0; f < warmup.length; f++) {
            assertEquals(warmup[f], FEATURES.warmupBars(f));
            for (int i = 0; i < v.size(); i++) {
                double x = v.get(i).values()[f];
                assertEquals(i >= warmup[f], Double.isFinite(x), CanonicalFeatures.MARKET_FEATURES.get(f) + " at bar " + i);
            }
        }
        // without macro data at most the 6 bar features are present: quality 6/13 once ADX is defined
        assertEquals(6.0 / 13.0, v.get(59).dataQualityScore(), EPS);
        assertEquals(0.0, v.get(0).dataQualityScore());
        assertEquals(5.0 / 13.0, v.get(47).dataQualityScore(), EPS); // log_ret_4h still missing
    }

    @Test
    void theOvernightGapEntersTheFirstBarsReturnAndTrueRange() {
        // 14 bars ending Friday 17:55, then Monday 13:00 opening with a gap
        Instant first = FeatureFixtures.SESSION.barTime(LocalDate.of(2025, 3, 7), 47); // Fri 16:50
        List<Bar> bars = new ArrayList<>(barsFromCloses(first,
                4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008, 4009, 4010, 4011, 4012, 4010));
        assertEquals(utc("2025-03-07T17:55:00Z"), bars.get(13).ts());
        bars.add(new Bar(utc("2025-03-10T13:00:00Z"), 4100, 4105, 4095, 4102, 10));
        FeatureVector monday = FEATURES.computeAll(bars, List.of()).get(14);
        assertEquals(1, monday.barNumber());
        assertEquals(LocalDate.of(2025, 3, 10), monday.tradingDate());
        assertEquals(Math.log(4102.0 / 4010.0), monday.values()[LOG_RET_5M], EPS);   // vs Friday's last close
        // TR = max(4105 - 4095 = 10, |4105 - 4010| = 95, |4010 - 4095| = 85) = 95; ATR[14] = TR[14]
        assertEquals(95.0 / 4102.0, monday.values()[ATR_PCT], EPS);
        assertEquals(0.0, FeatureFixtures.SESSION.timeNormalized(monday.ts()));
    }

    /** 20 weekday DXY observations 101..120 from Mon 2025-02-03 to Fri 2025-02-28, published the next midnight. */
    private static List<MacroObservation> macroCalendar() {
        List<MacroObservation> obs = new ArrayList<>();
        LocalDate d = LocalDate.of(2025, 2, 3);
        int k = 0;
        while (k < 20) {
            if (d.getDayOfWeek().getValue() <= 5) {
                k++;
                obs.add(new MacroObservation("DXY", d, 100 + k, midnight(d.plusDays(1))));
                obs.add(new MacroObservation("VIX", d, 20, midnight(d.plusDays(1))));        // constant: std 0
                if (k >= 2) {
                    obs.add(new MacroObservation("EMBI_COL", d, 200 + k, midnight(d.plusDays(1)))); // 19 only
                }
            }
            d = d.plusDays(1);
        }
        LocalDate fri = LocalDate.of(2025, 2, 28);
        obs.add(new MacroObservation("BRENT", fri.minusDays(1), 80, midnight(fri)));
        obs.add(new MacroObservation("BRENT", fri, 82, midnight(fri.plusDays(1))));
        obs.add(new MacroObservation("COL10Y", fri, 10.25, midnight(fri.plusDays(1))));
        obs.add(new MacroObservation("UST10Y", fri, 4.10, midnight(fri.plusDays(1))));
        return obs;
    }

    @Test
    void macroFeaturesAreZScoresChangesAndTheRateSpread() {
        FeatureVector v = FEATURES.computeAll(List.of(new Bar(MONDAY_OPEN, 4000, 4001, 3999, 4000, 1)), macroCalendar()).get(0);
        // DXY 101..120: mean 110.5, sample variance = sum (k - 10.5)^2 / 19 = 665/19 = 35, z = 9.5 / sqrt(35)
        assertEquals(9.5 / Math.sqrt(35), v.values()[DXY_Z], EPS);                  // 1.6057930839
        assertEquals(120.0 / 119.0 - 1, v.values()[DXY_CHANGE_1D], EPS);            // 0.0084033613
        assertTrue(Double.isNaN(v.values()[VIX_Z]));                                 // std = 0
        assertTrue(Double.isNaN(v.values()[EMBI_Z]));                                // 19 < 20 observations
        assertEquals(82.0 / 80.0 - 1, v.values()[BRENT_CHANGE_1D], EPS);            // 0.025
        assertEquals(10.25 - 4.10, v.values()[RATE_SPREAD], EPS);                    // 6.15 percentage points
        assertTrue(Double.isNaN(v.values()[USDMXN_CHANGE_1D]));                      // no data
        // present: dxy_z, dxy_change_1d, brent_change_1d, rate_spread (bar features still warming up) = 4/13
        assertEquals(4.0 / 13.0, v.dataQualityScore(), EPS);
        assertEquals(Map.of("DXY", 120.0, "VIX", 20.0, "EMBI_COL", 220.0, "BRENT", 82.0, "COL10Y", 10.25,
                "UST10Y", 4.10), v.macroLevels());
        // Monday: ref = Mon - 1 day = Sunday -> last weekday Friday 28 Feb = latest observation: not forward-filled
        assertFalse(v.macroWasFfilled());
    }

    @Test
    void theForwardFillLimitExpiresTheValueAndLowersQuality() {
        // last observations dated Fri 28 Feb, published Sat 1 Mar 00:00; ffill_limit_days = 5 from publication
        List<Bar> bars = List.of(
                new Bar(utc("2025-03-04T13:00:00Z"), 4000, 4001, 3999, 4000, 1),   // Tue: 3 days after publication
                new Bar(utc("2025-03-06T17:55:00Z"), 4000, 4001, 3999, 4000, 1),   // Thu: 5 days -> still usable
                new Bar(utc("2025-03-07T13:00:00Z"), 4000, 4001, 3999, 4000, 1));  // Fri: 6 days -> missing
        List<FeatureVector> v = FEATURES.computeAll(bars, macroCalendar());
        // Tuesday: ref = Tue - 1 = Mon 3 Mar, whose observation is not there -> forward-filled (stale) but usable
        assertTrue(v.get(0).macroWasFfilled());
        assertEquals(9.5 / Math.sqrt(35), v.get(1).values()[DXY_Z], EPS);
        assertEquals(10.25 - 4.10, v.get(1).values()[RATE_SPREAD], EPS);
        assertTrue(Double.isNaN(v.get(2).values()[DXY_Z]));
        assertTrue(Double.isNaN(v.get(2).values()[DXY_CHANGE_1D]));
        assertTrue(Double.isNaN(v.get(2).values()[BRENT_CHANGE_1D]));
        assertTrue(Double.isNaN(v.get(2).values()[RATE_SPREAD]));
        // bar 1: log_ret_5m (ln 1 = 0) + 4 macro features = 5/13; bar 2: log_ret_5m only, every macro value expired
        assertEquals(5.0 / 13.0, v.get(1).dataQualityScore(), EPS);
        assertEquals(1.0 / 13.0, v.get(2).dataQualityScore(), EPS);
        assertEquals(Map.of(), v.get(2).macroLevels());
        assertFalse(v.get(2).macroWasFfilled());   // missing is not "forward-filled": it shows in the score
    }

    @Test
    void aMacroValueIsInvisibleBeforeItsPublicationTime() {
        // Monday's DXY published on Tuesday at 14:00 UTC (late): the 13:55 bar must not see it, the 14:00 bar must
        List<MacroObservation> obs = new ArrayList<>(macroCalendar());
        obs.add(new MacroObservation("DXY", LocalDate.of(2025, 3, 3), 130, utc("2025-03-04T14:00:00Z")));
        List<FeatureVector> v = FEATURES.computeAll(List.of(
                new Bar(utc("2025-03-04T13:55:00Z"), 4000, 4001, 3999, 4000, 1),
                new Bar(utc("2025-03-04T14:00:00Z"), 4000, 4001, 3999, 4000, 1)), obs);
        assertEquals(120.0, v.get(0).macroLevels().get("DXY"));
        assertEquals(120.0 / 119.0 - 1, v.get(0).values()[DXY_CHANGE_1D], EPS);
        assertTrue(v.get(0).macroWasFfilled());
        assertEquals(130.0, v.get(1).macroLevels().get("DXY"));
        assertEquals(130.0 / 120.0 - 1, v.get(1).values()[DXY_CHANGE_1D], EPS);
        // DXY is now current, but VIX, EMBI_COL, BRENT and the yields still stop at Friday 28 Feb
        assertTrue(v.get(1).macroWasFfilled());
        MacroPointInTime macro = FEATURES.macro(obs);
        macro.advanceTo(utc("2025-03-04T14:00:00Z"));
        assertFalse(macro.isStale(macro.indexOf("DXY")));
        assertTrue(macro.isStale(macro.indexOf("VIX")));
    }

    @Test
    void theFirstBarAfterMissingSessionBarsIsFlaggedAndItsLagsCountStoredBars() {
        // Wed 2025-03-05: bars 13:00..13:20, 13:25 missing, 13:30..17:50, 17:55 missing;
        // Thu: the full session; Fri 2025-03-07: no bar at all (a holiday for the calendar's purpose);
        // Mon 2025-03-10: 13:00, then 13:05 and 13:10 missing, 13:15..13:25
        LocalDate wed = LocalDate.of(2025, 3, 5);
        List<Instant> times = new ArrayList<>();
        for (int n = 1; n <= 59; n++) {
            if (n != 6) {
                times.add(FeatureFixtures.SESSION.barTime(wed, n));
            }
        }
        times.addAll(FeatureFixtures.SESSION.barTimes(LocalDate.of(2025, 3, 6)));
        LocalDate mon = LocalDate.of(2025, 3, 10);
        for (int n : new int[] {1, 4, 5, 6}) {
            times.add(FeatureFixtures.SESSION.barTime(mon, n));
        }
        List<Bar> bars = new ArrayList<>();
        for (int k = 0; k < times.size(); k++) {
            double c = 4000 + k;
            bars.add(new Bar(times.get(k), c, c + 1, c - 1, c, 1));
        }
        List<FeatureVector> v = FEATURES.computeAll(bars, List.of());
        List<Instant> flagged = v.stream().filter(FeatureVector::ohlcvWasInterpolated).map(FeatureVector::ts).toList();
        assertEquals(List.of(
                utc("2025-03-05T13:30:00Z"),     // after the hole at 13:25
                utc("2025-03-06T13:00:00Z"),     // Wednesday's session ended without its 17:55 bar
                utc("2025-03-10T13:15:00Z")),    // after 13:05 and 13:10; Friday without bars is not a hole
                flagged);
        // the first bar fed is never flagged; Monday 13:00 follows Thursday 17:55 across a day without bars
        assertFalse(v.get(0).ohlcvWasInterpolated());
        FeatureVector monday = v.stream().filter(f -> f.ts().equals(utc("2025-03-10T13:00:00Z"))).findFirst().orElseThrow();
        assertFalse(monday.ohlcvWasInterpolated());
        // lags count stored bars: 13:30's 5-minute return is against 13:20 (index 4 -> 5), closes 4004 -> 4005
        FeatureVector afterHole = v.get(5);
        assertEquals(utc("2025-03-05T13:30:00Z"), afterHole.ts());
        assertEquals(7, afterHole.barNumber());
        assertEquals(Math.log(4005.0 / 4004.0), afterHole.values()[LOG_RET_5M], EPS);
        // the flag does not change the score: the 5-minute return is there, the others still warm up
        assertEquals(1.0 / 13.0, afterHole.dataQualityScore(), EPS);
        // per bar and after a snapshot taken right before a hole: the same flags
        CanonicalFeatureBuilder first = FEATURES.newBuilder(List.of());
        first.warmUp(bars.subList(0, 5));
        CanonicalFeatureBuilder restored = FEATURES.restore(first.snapshot(), List.of());
        assertTrue(restored.next(bars.get(5)).ohlcvWasInterpolated());
        assertTrue(restored.lastOhlcvWasInterpolated());
        assertFalse(restored.next(bars.get(6)).ohlcvWasInterpolated());
    }

    @Test
    void barsMustBeSessionBarsInIncreasingTime() {
        CanonicalFeatureBuilder b = FEATURES.newBuilder(List.of());
        b.next(new Bar(MONDAY_OPEN, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> b.next(new Bar(MONDAY_OPEN, 1, 1, 1, 1, 0)));
        assertThrows(IllegalArgumentException.class, () -> b.next(new Bar(utc("2025-03-03T18:00:00Z"), 1, 1, 1, 1, 0)));
        assertThrows(IllegalArgumentException.class, () -> b.next(new Bar(utc("2025-03-03T13:10:00Z"), 1, 1, 1, -1, 0)));
        assertEquals(1, b.barCount());
    }
}
