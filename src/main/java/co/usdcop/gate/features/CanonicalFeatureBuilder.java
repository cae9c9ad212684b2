package co.usdcop.gate.features;

import static co.usdcop.gate.features.CanonicalFeatures.ADX_14;
import static co.usdcop.gate.features.CanonicalFeatures.ATR_PCT;
import static co.usdcop.gate.features.CanonicalFeatures.LOG_RET_1H;
import static co.usdcop.gate.features.CanonicalFeatures.LOG_RET_4H;
import static co.usdcop.gate.features.CanonicalFeatures.LOG_RET_5M;
import static co.usdcop.gate.features.CanonicalFeatures.MARKET_FEATURE_COUNT;
import static co.usdcop.gate.features.CanonicalFeatures.RSI_9;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one implementation of the 13 market features of CTR-FEATURE-001 ({@code config/feature_contract.yaml}):
 * a streaming builder fed one bar at a time, in strictly increasing time, with O(1) state and O(1) work per bar.
 * Batch recomputation ({@link CanonicalFeatures#computeAll}), live per-bar updates ({@link #snapshot()} /
 * {@link CanonicalFeatures#restore}, or {@link #warmUp}) and dataset export all run through {@link #nextInto}
 * ({@link #next(Bar)} wraps it in a {@link FeatureVector}).
 *
 * <h2>Conventions</h2>
 * Bars are concatenated across sessions: "previous bar" is the previous bar fed, so lags and Wilder states run
 * straight across the overnight and weekend gap (the gap enters the first bar's return and true range).
 * Index {@code i} below is the 0-based position of the bar in the series fed to this builder. A feature is NaN
 * while {@code i < warmup_bars} of the contract. Missing bars are not interpolated
 * ({@link FeatureVector#ohlcvWasInterpolated()} is always false); a lag counts stored bars.
 *
 * <h2>Wilder smoothing (RSI, ATR, ADX) and its seeding</h2>
 * MMA(n) of an input x: undefined for {@code i < n}; {@code MMA[n] = x[n]} (seeded with the first value after
 * the n-bar warm-up); then {@code MMA[i] = MMA[i−1] + (x[i] − MMA[i−1]) · (1/n)}. This is ta4j 0.22.2's
 * {@code MMAIndicator} (the multiplier 1/n is a double constant, so results agree with ta4j/DoubleNum bit for
 * bit). Because of this seeding the first values after warm-up are noisy; the influence of the seed decays as
 * (1 − 1/n)^k (below 1 % after 4.6·n bars).
 *
 * <h2>Formulas (units; edge cases)</h2>
 * <ul>
 * <li>{@code log_ret_5m, log_ret_1h, log_ret_4h} = ln(close[i] / close[i−L]) with L = 1, 12, 48 bars (window);
 *     log return, dimensionless; NaN for i &lt; L. Evaluated as ln(close[i]) − ln(close[i−L]) (one logarithm per
 *     bar), which matches the quotient form to ~1e-15.</li>
 * <li>{@code rsi_9}: gain[i] = max(close[i] − close[i−1], 0), loss[i] = max(close[i−1] − close[i], 0) (both 0 at
 *     i = 0); G = MMA9(gain), Lo = MMA9(loss); RSI = 100 − 100 / (1 + G/Lo); 100 when Lo = 0 and G &gt; 0;
 *     50 when both are 0 (no movement at all: neutral — ta4j returns 0 there, a deliberate difference).
 *     Index 0..100; defined from i = 9.</li>
 * <li>{@code atr_pct} = ATR14 / close[i]; TR[i] = max(high − low, |high − close[i−1]|, |close[i−1] − low|),
 *     TR[0] = high − low; ATR14 = MMA14(TR). Fraction of price; defined from i = 14. (ta4j's ATR is in price
 *     units; the division by close is ours.)</li>
 * <li>{@code adx_14}: up = high[i] − high[i−1], down = low[i−1] − low[i]; +DM = up if up &gt; down and up &gt; 0
 *     else 0, −DM = down if down &gt; up and down &gt; 0 else 0 (0 at i = 0); ±DI = 100 · MMA14(±DM) / ATR14,
 *     0 when |ATR14| &lt; 1e-5; DX = 100 · |+DI − −DI| / (+DI + −DI), 0 when |+DI + −DI| &lt; 1e-5;
 *     ADX = MMA14(DX), seeded at i = 14 with DX[14] (ta4j's ADXIndicator). Index 0..100; emitted from
 *     i = warmup_bars (28) so the seed has been smoothed over one full period.</li>
 * <li>macro features: see {@link MacroPointInTime} (z-score, 1-day change, forward-fill limit, staleness);
 *     {@code rate_spread} = COL10Y − UST10Y in percentage points, NaN if either is missing.</li>
 * <li>{@code dataQualityScore} = (number of the 13 values that are not NaN) / 13.</li>
 * </ul>
 *
 * <p>Not thread-safe. Allocation per bar: {@link #next} allocates the {@link FeatureVector} and its
 * {@code double[13]}; {@link #nextInto} nothing. Once per session day a {@link LocalDate}; the macro-levels map
 * is rebuilt only when a macro value becomes known or the day changes.
 */
public final class CanonicalFeatureBuilder {

    /** DoubleNum.equals tolerance of ta4j, used for the DI and DX zero tests. */
    static final double ZERO_TOLERANCE = 1e-5;

    private final CanonicalFeatures features;
    private final TradingSession session;
    private final MacroPointInTime macro;

    // parameters (from the contract)
    private final int lag5m;
    private final int lag1h;
    private final int lag4h;
    private final int rsiPeriod;
    private final int atrPeriod;
    private final int diPeriod;
    private final int adxPeriod;
    private final int adxSeedIndex;
    private final double rsiMultiplier;
    private final double atrMultiplier;
    private final double diMultiplier;
    private final double adxMultiplier;
    private final int[] warmup = new int[MARKET_FEATURE_COUNT];
    private final int[] macroFeature;      // indices of macro features
    private final int[][] macroSeries;     // per macro feature: series indices
    private final int[] macroWindow;
    private final CanonicalFeatures.MacroKind[] macroKind;
    private final int[] usedSeries;
    private final String[] usedSeriesIds;

    // streaming state (everything a snapshot must carry)
    private long index;                    // bars fed so far = index of the next bar
    private Instant lastTs;
    private final double[] logCloses;      // ring of ln(close) of the last bars (capacity = longest lag)
    private int ringHead;                  // position of the most recent close
    private double prevHigh;
    private double prevLow;
    private double prevClose;
    private double avgGain;
    private double avgLoss;
    private double atr;
    private double diAtr;
    private double avgPlusDm;
    private double avgMinusDm;
    private double adx;

    // macro cache: recomputed when a new observation is known or the UTC day changes
    private long cachedMacroVersion = -1;
    private long cachedMacroDay = Long.MIN_VALUE;
    private final double[] cachedMacroValues;
    private Map<String, Double> cachedLevels = Map.of();
    private boolean cachedStale;
    private int cachedMacroPresent;
    private LocalDate cachedTradingDate;
    // calendar fast path: a bar one bar length after the previous session bar is the next bar of the same session
    private final int barSeconds;
    private final int barsPerSession;
    private long lastEpochSecond = Long.MIN_VALUE;
    private int lastBarNumber;

    CanonicalFeatureBuilder(CanonicalFeatures features, MacroPointInTime macro) {
        this.features = features;
        this.session = features.session();
        this.macro = macro;
        this.barSeconds = session.barMinutes() * 60;
        this.barsPerSession = session.barsPerSession();
        lag5m = features.window(LOG_RET_5M);
        lag1h = features.window(LOG_RET_1H);
        lag4h = features.window(LOG_RET_4H);
        rsiPeriod = features.window(RSI_9);
        atrPeriod = features.window(ATR_PCT);
        diPeriod = features.window(ADX_14);
        adxPeriod = features.window(ADX_14);
        adxSeedIndex = Math.max(diPeriod, adxPeriod);
        rsiMultiplier = 1.0 / rsiPeriod;
        atrMultiplier = 1.0 / atrPeriod;
        diMultiplier = 1.0 / diPeriod;
        adxMultiplier = 1.0 / adxPeriod;
        for (int i = 0; i < MARKET_FEATURE_COUNT; i++) {
            warmup[i] = features.warmupBars(i);
        }
        logCloses = new double[Math.max(lag5m, Math.max(lag1h, lag4h))];
        int n = 0;
        for (int i = 0; i < MARKET_FEATURE_COUNT; i++) {
            if (features.macroKind(i) != null) {
                n++;
            }
        }
        macroFeature = new int[n];
        macroSeries = new int[n][];
        macroWindow = new int[n];
        macroKind = new CanonicalFeatures.MacroKind[n];
        cachedMacroValues = new double[n];
        int k = 0;
        for (int i = 0; i < MARKET_FEATURE_COUNT; i++) {
            if (features.macroKind(i) != null) {
                macroFeature[k] = i;
                macroKind[k] = features.macroKind(i);
                macroWindow[k] = features.window(i);
                String[] ids = features.sources(i);
                macroSeries[k] = new int[ids.length];
                for (int j = 0; j < ids.length; j++) {
                    macroSeries[k][j] = macro.indexOf(ids[j]);
                }
                k++;
            }
        }
        List<String> used = features.macroSeriesUsed();
        usedSeriesIds = used.toArray(String[]::new);
        usedSeries = new int[used.size()];
        for (int j = 0; j < usedSeries.length; j++) {
            usedSeries[j] = macro.indexOf(usedSeriesIds[j]);
        }
    }

    /**
     * Feeds the next bar and returns its features.
     *
     * @throws IllegalArgumentException if the bar is not a session bar, not after the previous one, or has
     *         non-finite or non-positive prices
     */
    public FeatureVector next(Bar bar) {
        double[] v = new double[MARKET_FEATURE_COUNT];
        double quality = nextInto(bar, v, 0);
        return new FeatureVector(bar.ts(), cachedTradingDate, lastBarNumber, v, bar.close(), cachedLevels,
                cachedStale, false, quality);
    }

    /**
     * Allocation-free form of {@link #next}: writes the 13 values into {@code out[offset .. offset + 13)} (e.g. a
     * row of a feature matrix for batched inference) and returns the bar's data-quality score. The bar's
     * macro levels and flag are then {@link #lastMacroLevels()} and {@link #lastMacroWasFfilled()}.
     *
     * @throws IllegalArgumentException as {@link #next}; nothing is written and the state is unchanged then
     */
    public double nextInto(Bar bar, double[] out, int offset) {
        Instant ts = bar.ts();
        if (lastTs != null && !ts.isAfter(lastTs)) {
            throw new IllegalArgumentException("bars must be fed in strictly increasing time: " + ts
                    + " does not follow " + lastTs);
        }
        long second = ts.getEpochSecond();
        int barNumber;
        LocalDate tradingDate;
        if (second - lastEpochSecond == barSeconds && lastBarNumber < barsPerSession && ts.getNano() == 0) {
            barNumber = lastBarNumber + 1;
            tradingDate = cachedTradingDate;
        } else {
            barNumber = session.barNumber(ts); // validates; the first bar of each session comes this way
            tradingDate = session.tradingDate(ts);
        }
        double high = bar.high();
        double low = bar.low();
        double close = bar.close();
        if (!(close > 0) || !(low > 0) || !(high >= low) || !Double.isFinite(high) || !Double.isFinite(close)) {
            throw new IllegalArgumentException("bar " + ts + " has invalid prices (need finite, positive, high >= low)");
        }
        java.util.Objects.checkFromIndexSize(offset, MARKET_FEATURE_COUNT, out.length);
        final long i = index;

        // ---- log returns: ln(close[i] / close[i-L]) computed as ln(close[i]) - ln(close[i-L]) (one logarithm per
        // bar instead of three; equal to the quotient form within ~1e-15 absolute). The ring holds ln(close),
        // newest at ringHead.
        double logClose = Math.log(close);
        out[offset + LOG_RET_5M] = i >= lag5m ? logClose - lagged(lag5m) : Double.NaN;
        out[offset + LOG_RET_1H] = i >= lag1h ? logClose - lagged(lag1h) : Double.NaN;
        out[offset + LOG_RET_4H] = i >= lag4h ? logClose - lagged(lag4h) : Double.NaN;

        // ---- RSI: Wilder averages of gains and losses
        double gain = 0;
        double loss = 0;
        double tr = high - low;
        double plusDm = 0;
        double minusDm = 0;
        if (i > 0) {
            // branch-free; equal to "close - prevClose if close > prevClose else 0" (x - x is +0.0, never -0.0)
            gain = Math.max(close - prevClose, 0.0);
            loss = Math.max(prevClose - close, 0.0);
            // TR = max(|high-low|, |high-prevClose|, |prevClose-low|), in ta4j's evaluation order
            tr = Math.max(Math.max(Math.abs(high - low), Math.abs(high - prevClose)), Math.abs(prevClose - low));
            double up = high - prevHigh;
            double down = prevLow - low;
            // +DM = up if up > down and up > 0; -DM = down if down > up and down > 0 (at most one is non-zero)
            plusDm = up > down ? Math.max(up, 0.0) : 0.0;
            minusDm = down > up ? Math.max(down, 0.0) : 0.0;
        } else {
            tr = Math.abs(tr);
        }
        avgGain = mma(avgGain, gain, i, rsiPeriod, rsiMultiplier);
        avgLoss = mma(avgLoss, loss, i, rsiPeriod, rsiMultiplier);
        atr = mma(atr, tr, i, atrPeriod, atrMultiplier);
        diAtr = mma(diAtr, tr, i, diPeriod, diMultiplier);
        avgPlusDm = mma(avgPlusDm, plusDm, i, diPeriod, diMultiplier);
        avgMinusDm = mma(avgMinusDm, minusDm, i, diPeriod, diMultiplier);
        if (i >= diPeriod) {
            double plusDi = Math.abs(diAtr) < ZERO_TOLERANCE ? 0 : avgPlusDm / diAtr * 100;
            double minusDi = Math.abs(diAtr) < ZERO_TOLERANCE ? 0 : avgMinusDm / diAtr * 100;
            double sum = plusDi + minusDi;
            double dx = Math.abs(sum) < ZERO_TOLERANCE ? 0 : Math.abs(plusDi - minusDi) / sum * 100;
            adx = i == adxSeedIndex ? dx : i > adxSeedIndex ? adx + (dx - adx) * adxMultiplier : Double.NaN;
        }
        out[offset + RSI_9] = i >= warmup[RSI_9] ? rsi(avgGain, avgLoss) : Double.NaN;
        out[offset + ATR_PCT] = i >= warmup[ATR_PCT] ? atr / close : Double.NaN;
        out[offset + ADX_14] = i >= warmup[ADX_14] ? adx : Double.NaN;
        if (i < warmup[LOG_RET_5M]) {
            out[offset + LOG_RET_5M] = Double.NaN;
        }
        if (i < warmup[LOG_RET_1H]) {
            out[offset + LOG_RET_1H] = Double.NaN;
        }
        if (i < warmup[LOG_RET_4H]) {
            out[offset + LOG_RET_4H] = Double.NaN;
        }

        // ---- advance the state
        ringHead = ringHead + 1 == logCloses.length ? 0 : ringHead + 1;
        logCloses[ringHead] = logClose;
        prevHigh = high;
        prevLow = low;
        prevClose = close;
        index = i + 1;
        lastTs = ts;
        lastEpochSecond = second;
        lastBarNumber = barNumber;
        cachedTradingDate = tradingDate;

        // ---- macro, point in time at the bar's open time
        macro.advanceTo(ts);
        refreshMacroCache();
        int present = cachedMacroPresent;
        for (int k = 0; k < macroFeature.length; k++) {
            out[offset + macroFeature[k]] = cachedMacroValues[k];
        }
        for (int f = 0; f <= ADX_14; f++) {
            if (!Double.isNaN(out[offset + f])) {
                present++;
            }
        }
        return present / (double) MARKET_FEATURE_COUNT;
    }

    /** ln(close[i − lag]) for the bar being processed (the ring's newest entry is ln(close[i − 1])). */
    private double lagged(int lag) {
        int pos = ringHead - (lag - 1);
        if (pos < 0) {
            pos += logCloses.length;
        }
        return logCloses[pos];
    }

    /**
     * One Wilder step: undefined (NaN) before {@code period}, seeded with x at i = period, then
     * prev + (x − prev) · (1/period).
     */
    private static double mma(double prev, double x, long i, int period, double multiplier) {
        if (i < period) {
            return Double.NaN;
        }
        if (i == period) {
            return x;
        }
        return prev + (x - prev) * multiplier;
    }

    /** 100 − 100/(1 + G/L); 100 if L = 0 &lt; G; 50 if both are 0. */
    static double rsi(double avgGain, double avgLoss) {
        if (avgLoss == 0) {
            return avgGain == 0 ? 50.0 : 100.0;
        }
        return 100 - 100 / (1 + avgGain / avgLoss);
    }

    private void refreshMacroCache() {
        long day = macro.currentEpochDay();
        long ver = macro.version();
        if (ver == cachedMacroVersion && day == cachedMacroDay) {
            return;
        }
        cachedMacroVersion = ver;
        cachedMacroDay = day;
        int present = 0;
        for (int k = 0; k < macroFeature.length; k++) {
            int[] s = macroSeries[k];
            double value = switch (macroKind[k]) {
                case Z_SCORE -> macro.zScore(s[0], macroWindow[k]);
                case CHANGE -> macro.change(s[0]);
                case SPREAD -> macro.level(s[0]) - macro.level(s[1]);
            };
            cachedMacroValues[k] = value;
            if (!Double.isNaN(value)) {
                present++;
            }
        }
        cachedMacroPresent = present;
        boolean stale = false;
        Map<String, Double> levels = new LinkedHashMap<>();
        for (int j = 0; j < usedSeries.length; j++) {
            double level = macro.level(usedSeries[j]);
            if (!Double.isNaN(level)) {
                levels.put(usedSeriesIds[j], level);
            }
            stale |= macro.isStale(usedSeries[j]);
        }
        cachedLevels = Collections.unmodifiableMap(levels);
        cachedStale = stale;
    }

    /** Macro levels used by the last bar (series id to level; unmodifiable, shared while unchanged). */
    public Map<String, Double> lastMacroLevels() {
        return cachedLevels;
    }

    /** macro_was_ffilled of the last bar. */
    public boolean lastMacroWasFfilled() {
        return cachedStale;
    }

    /** Feeds history bars (e.g. the stored bars before the first new one), discarding their vectors. */
    public void warmUp(List<Bar> history) {
        for (Bar bar : history) {
            next(bar);
        }
    }

    /** Bars fed so far. */
    public long barCount() {
        return index;
    }

    /** Open time of the last bar fed, or null. */
    public Instant lastBarTime() {
        return lastTs;
    }

    /** The macro source this builder reads (e.g. to {@link MacroPointInTime#add add} live observations). */
    public MacroPointInTime macro() {
        return macro;
    }

    public CanonicalFeatures features() {
        return features;
    }

    /**
     * The complete bar-side state after the last bar: restoring it with the same macro observations and feeding
     * the following bars gives exactly (bit for bit) what an uninterrupted builder gives. Jackson-serialisable.
     *
     * @param contractVersion feature contract version it was computed under (restore refuses another)
     * @param barCount bars fed so far
     * @param lastBarTime open time of the last bar fed (null if none)
     * @param recentLogCloses ln(close) of the last bars, oldest first (at most the longest lag)
     */
    public record State(String contractVersion, long barCount, Instant lastBarTime, double[] recentLogCloses,
            double prevHigh, double prevLow, double prevClose, double avgGain, double avgLoss, double atr,
            double diAtr, double avgPlusDm, double avgMinusDm, double adx) {

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && contractVersion.equals(s.contractVersion) && barCount == s.barCount
                    && java.util.Objects.equals(lastBarTime, s.lastBarTime)
                    && Arrays.equals(recentLogCloses, s.recentLogCloses)
                    && Arrays.equals(scalars(), s.scalars());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(contractVersion, barCount, lastBarTime, Arrays.hashCode(recentLogCloses),
                    Arrays.hashCode(scalars()));
        }

        private double[] scalars() {
            return new double[] {prevHigh, prevLow, prevClose, avgGain, avgLoss, atr, diAtr, avgPlusDm,
                avgMinusDm, adx};
        }
    }

    /** Snapshot of the streaming state (see {@link State}). */
    public State snapshot() {
        int n = (int) Math.min(index, logCloses.length);
        double[] recent = new double[n];
        for (int k = 0; k < n; k++) {
            int pos = ringHead - (n - 1 - k);
            if (pos < 0) {
                pos += logCloses.length;
            }
            recent[k] = logCloses[pos];
        }
        return new State(features.contractVersion(), index, lastTs, recent, prevHigh, prevLow, prevClose, avgGain,
                avgLoss, atr, diAtr, avgPlusDm, avgMinusDm, adx);
    }

    static CanonicalFeatureBuilder restore(CanonicalFeatures features, MacroPointInTime macro, State s) {
        if (!features.contractVersion().equals(s.contractVersion())) {
            throw new IllegalArgumentException("builder state was computed under feature contract "
                    + s.contractVersion() + ", not " + features.contractVersion() + "; recompute from the bars");
        }
        CanonicalFeatureBuilder b = new CanonicalFeatureBuilder(features, macro);
        double[] recent = s.recentLogCloses();
        if (recent.length > b.logCloses.length || recent.length != Math.min(s.barCount(), b.logCloses.length)) {
            throw new IllegalArgumentException("builder state holds " + recent.length + " closes for "
                    + s.barCount() + " bars; expected " + Math.min(s.barCount(), b.logCloses.length));
        }
        for (int k = 0; k < recent.length; k++) {
            b.logCloses[k] = recent[k];
        }
        b.ringHead = recent.length == 0 ? b.logCloses.length - 1 : recent.length - 1;
        b.index = s.barCount();
        b.lastTs = s.lastBarTime();
        b.prevHigh = s.prevHigh();
        b.prevLow = s.prevLow();
        b.prevClose = s.prevClose();
        b.avgGain = s.avgGain();
        b.avgLoss = s.avgLoss();
        b.atr = s.atr();
        b.diAtr = s.diAtr();
        b.avgPlusDm = s.avgPlusDm();
        b.avgMinusDm = s.avgMinusDm();
        b.adx = s.adx();
        return b;
    }
}
