package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.TradingSession;
import static co.usdcop.gate.features.CanonicalFeatures.ADX_14;
import static co.usdcop.gate.features.CanonicalFeatures.ATR_PCT;
import static co.usdcop.gate.features.CanonicalFeatures.BAR_FEATURE_COUNT;
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
 * Batch recomputation (the feature store, which backtests and dataset export read: {@link #computeInto} over
 * {@link BarColumns} into a reused {@link FeatureBatch}; {@link CanonicalFeatures#computeAll} for lists) and live
 * per-bar updates ({@link #next(Bar)}, {@link #nextInto}; {@link #snapshot()} / {@link CanonicalFeatures#restore})
 * all run through one private method for a range of bars ({@code run}: one bar for live updates, a chunk for
 * recomputation), so both forms give the same values bit for bit.
 *
 * <h2>Conventions</h2>
 * Bars are concatenated across sessions: "previous bar" is the previous bar fed, so lags and Wilder states run
 * straight across the overnight and weekend gap (the gap enters the first bar's return and true range).
 * Index {@code i} below is the 0-based position of the bar in the series fed to this builder. A feature is NaN
 * while {@code i < warmup_bars} of the contract.
 *
 * <h2>Missing bars ({@code ohlcv_was_interpolated})</h2>
 * A bar of the session calendar that is not stored is never synthesised: the builder sees only real bars, a lag
 * counts stored bars, and a feature row exists only for a stored bar (a backtest and live inference, which has
 * no bar to act on either, see the same rows). {@link FeatureVector#ohlcvWasInterpolated()} is true for the
 * first stored bar after a hole: the previous bar fed is on the same trading day but not the bar before it, or
 * on an earlier trading day while this bar is not its session's first or the previous one not its session's
 * last. A trading day without any stored bar is not a hole (the calendar has no holidays; the data-quality
 * summary lists such days), nor is the first bar fed. The flag marks where the hole is: that bar's
 * log_ret_5m spans it, and so do the 1-hour and 4-hour returns of the next 11 and 47 bars. It does not change
 * the data-quality score (all values are present).
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
 *     Index 0..100; defined from i = 9. Evaluated as 100·G/(G + Lo), the same quotient with one division
 *     instead of two (within 3e-14 of ta4j's form).</li>
 * <li>{@code atr_pct} = ATR14 / close[i]; TR[i] = max(high − low, |high − close[i−1]|, |close[i−1] − low|),
 *     TR[0] = high − low; ATR14 = MMA14(TR). Fraction of price; defined from i = 14. (ta4j's ATR is in price
 *     units; the division by close is ours.)</li>
 * <li>{@code adx_14}: up = high[i] − high[i−1], down = low[i−1] − low[i]; +DM = up if up &gt; down and up &gt; 0
 *     else 0, −DM = down if down &gt; up and down &gt; 0 else 0 (0 at i = 0); ±DI = 100 · MMA14(±DM) / ATR14,
 *     0 when |ATR14| &lt; 1e-5; DX = 100 · |+DI − −DI| / (+DI + −DI), 0 when |+DI + −DI| &lt; 1e-5;
 *     ADX = MMA14(DX), seeded at i = 14 with DX[14] (ta4j's ADXIndicator). Index 0..100; emitted from
 *     i = warmup_bars (28) so the seed has been smoothed over one full period. The ATR cancels in DX, which is
 *     evaluated as 100 · |MMA14(+DM) − MMA14(−DM)| / (MMA14(+DM) + MMA14(−DM)) — one division instead of three,
 *     within 3e-14 of ta4j's form — with the DI sum's zero test as (MMA14(+DM) + MMA14(−DM)) · 100 &lt; 1e-5 · ATR14;
 *     the DI's ATR is ATR14 itself (same true range, period and seed).</li>
 * <li>macro features: see {@link MacroPointInTime} (z-score, 1-day change, forward-fill limit, staleness);
 *     {@code rate_spread} = COL10Y − UST10Y in percentage points, NaN if either is missing.</li>
 * <li>{@code dataQualityScore} = (number of the 13 values that are not NaN) / 13.</li>
 * </ul>
 *
 * <p>Not thread-safe. Allocation per bar: {@link #next} allocates the {@link FeatureVector} and its
 * {@code double[13]} (and a {@link LocalDate} per session day); {@link #nextInto} and {@link #computeInto}
 * nothing. The macro values are recomputed only when an observation becomes known or the UTC day changes, and
 * the macro-levels map only when a level changed.
 */
public final class CanonicalFeatureBuilder {

    /** DoubleNum.equals tolerance of ta4j, used for the DI and DX zero tests. */
    static final double ZERO_TOLERANCE = 1e-5;
    private static final long NONE = Long.MIN_VALUE;
    /** data_quality_score of a bar with n of the 13 features present: n / 13.0, looked up instead of divided. */
    private static final double[] QUALITY = new double[MARKET_FEATURE_COUNT + 1];

    static {
        for (int n = 0; n <= MARKET_FEATURE_COUNT; n++) {
            QUALITY[n] = n / (double) MARKET_FEATURE_COUNT;
        }
    }

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
    private final int warmup5m;
    private final int warmup1h;
    private final int warmup4h;
    private final int warmupRsi;
    private final int warmupAtr;
    private final int warmupAdx;
    private final int[] macroFeature;      // indices of macro features
    private final int[][] macroSeries;     // per macro feature: series indices
    private final int[] macroWindow;
    private final CanonicalFeatures.MacroKind[] macroKind;
    private final int[] usedSeries;
    private final String[] usedSeriesIds;
    private final int barSeconds;
    private final int barsPerSession;

    // streaming state (everything a snapshot must carry)
    private long index;                    // bars fed so far = index of the next bar
    private long lastEpochSecond = NONE;   // open time of the last bar fed
    /**
     * ln(close) of the last {@link #lookback} bars fed, oldest first, newest at {@code lookback − 1} (entries for
     * bars before the first are unused); behind them, while a range is computed, the logarithms of its bars.
     */
    private double[] logCloses;
    private final int lookback;            // the longest lag
    /** First bar index at which every feature is defined and every Wilder average is past its seed. */
    private final long steadyIndex;
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

    // derived from the last bar (recomputable from lastEpochSecond)
    private int lastBarNumber;             // 0 when unknown: the next bar takes the calendar's slow path
    private long lastDay = NONE;           // session epoch day of the last bar
    private boolean lastInterpolated;
    // the per-bar API runs a range of one bar through the same loop
    private final BarColumns oneBar = new BarColumns(1);
    private final FeatureBatch single = new FeatureBatch(1);
    private LocalDate lastDate;            // trading date of the last next(), shared by the bars of a day

    // macro cache: recomputed when a new observation is known or the UTC day changes
    private long cachedMacroVersion = -1;
    private long cachedMacroDay = NONE;
    private final double[] cachedMacroValues;
    private boolean cachedStale;
    private final double[] cachedLevels;   // per used series, NaN = missing
    private long macroGeneration;          // increases when a macro value, level or the flag changes
    private long levelsMapGeneration = -1;
    private Map<String, Double> levelsMap = Map.of();

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
        warmup5m = features.warmupBars(LOG_RET_5M);
        warmup1h = features.warmupBars(LOG_RET_1H);
        warmup4h = features.warmupBars(LOG_RET_4H);
        warmupRsi = features.warmupBars(RSI_9);
        warmupAtr = features.warmupBars(ATR_PCT);
        warmupAdx = features.warmupBars(ADX_14);
        lookback = Math.max(lag5m, Math.max(lag1h, lag4h));
        logCloses = new double[2 * lookback];
        steadyIndex = java.util.stream.IntStream.of(lag5m, lag1h, lag4h, warmup5m, warmup1h, warmup4h, warmupRsi,
                warmupAtr, warmupAdx, rsiPeriod + 1, atrPeriod + 1, diPeriod + 1, adxSeedIndex + 1).max().getAsInt();
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
        cachedLevels = new double[usedSeries.length];
        Arrays.fill(cachedLevels, Double.NaN);
        Arrays.fill(cachedMacroValues, Double.NaN);
        for (int f = 0; f < macroFeature.length; f++) {
            if (macroFeature[f] != BAR_FEATURE_COUNT + f) {
                throw new IllegalStateException("the macro features must follow the " + BAR_FEATURE_COUNT
                        + " bar features in contract order");
            }
        }
    }

    /**
     * Feeds the next bar and returns its features.
     *
     * @throws IllegalArgumentException if the bar is not a session bar, not after the previous one, or has
     *         non-finite or non-positive prices
     */
    public FeatureVector next(Bar bar) {
        feedOne(bar);
        if (lastDate == null || lastDate.toEpochDay() != lastDay) {
            lastDate = LocalDate.ofEpochDay(lastDay);
        }
        return new FeatureVector(bar.ts(), lastDate, lastBarNumber, single.values(0), bar.close(),
                lastMacroLevels(), cachedStale, lastInterpolated, single.quality[0]);
    }

    /**
     * Allocation-free form of {@link #next}: writes the 13 values into {@code out[offset .. offset + 13)} (e.g. a
     * row of a feature matrix for batched inference) and returns the bar's data-quality score. The bar's
     * macro levels and flags are then {@link #lastMacroLevels()}, {@link #lastMacroWasFfilled()} and
     * {@link #lastOhlcvWasInterpolated()}.
     *
     * @throws IllegalArgumentException as {@link #next}; nothing is written and the state is unchanged then
     */
    public double nextInto(Bar bar, double[] out, int offset) {
        java.util.Objects.checkFromIndexSize(offset, MARKET_FEATURE_COUNT, out.length);
        feedOne(bar);
        single.valuesInto(0, out, offset);
        return single.quality[0];
    }

    /** Runs one bar through {@link #run} (a range of one), leaving its row in {@link #single}. */
    private void feedOne(Bar bar) {
        Instant ts = bar.ts();
        if (ts.getNano() != 0) {
            if (lastEpochSecond != NONE && !ts.isAfter(Instant.ofEpochSecond(lastEpochSecond))) {
                throw outOfOrder(ts.toString());
            }
            throw new IllegalArgumentException(ts + " is not the open time of a bar in the trading session");
        }
        single.clear();
        oneBar.clear();
        oneBar.add(ts.getEpochSecond(), bar.high(), bar.low(), bar.close());
        run(oneBar.epochSeconds(), oneBar.highs(), oneBar.lows(), oneBar.closes(), 0, 1, single);
    }

    /**
     * The batch path: feeds {@code bars[from .. to)} and appends one row per bar to {@code out} — the same values
     * as {@link #next} bar by bar (both run {@link #run}), without allocating per bar. Recomputations call it
     * chunk by chunk with one reused batch ({@link FeatureBatch#clear()} between chunks).
     *
     * @throws IndexOutOfBoundsException if the range is outside {@code bars} or does not fit {@code out}
     * @throws IllegalArgumentException on the first invalid bar; the rows of the bars before it are in
     *         {@code out} and the builder stands after them
     */
    public void computeInto(BarColumns bars, int from, int to, FeatureBatch out) {
        java.util.Objects.checkFromToIndex(from, to, bars.size());
        if (to - from > out.remaining()) {
            throw new IndexOutOfBoundsException((to - from) + " bars do not fit the " + out.remaining()
                    + " free rows of the batch");
        }
        run(bars.epochSeconds(), bars.highs(), bars.lows(), bars.closes(), from, to, out);
    }

    private IllegalArgumentException outOfOrder(String ts) {
        return new IllegalArgumentException("bars must be fed in strictly increasing time: " + ts
                + " does not follow " + Instant.ofEpochSecond(lastEpochSecond));
    }

    /**
     * The one implementation of the per-bar update, for a range of bars (one bar for live updates, a chunk for
     * batch recomputation), in two passes over the range:
     * <ol>
     * <li>{@link #appendRows}: validates each bar, places it in the session calendar, moves the macro clock to it
     *     and appends its row (time, day, bar number, close, flags, macro state) — stopping at the first refused
     *     bar, which changes nothing: the builder then stands after the bars before it, whose rows are in
     *     {@code out};</li>
     * <li>{@link #fillBarFeatures}: the six bar features and the quality score of the rows just appended.</li>
     * </ol>
     * Two passes rather than one because each loop then keeps its state in registers: one loop doing both needed
     * about twice the registers the processor has and spent most of its time moving values to and from the stack.
     */
    private void run(long[] ts, double[] highs, double[] lows, double[] closes, int from, int to, FeatureBatch out) {
        if (out.stateOwner != this) {
            if (out.states > 0) {
                throw new IllegalStateException("the batch holds rows of another builder: clear it first");
            }
            out.stateOwner = this;
            out.stateGeneration = -1;
            out.levelIds = usedSeriesIds;
        }
        int firstRow = out.size;
        try {
            appendRows(ts, highs, lows, closes, from, to, out);
        } finally {
            // also when a bar was refused: the bars before it are complete rows
            fillBarFeatures(highs, lows, closes, from, firstRow, out.size, out);
        }
    }

    /**
     * Pass 1 of {@link #run}: validation, calendar and macro state of {@code bars[from .. to)}, appended to
     * {@code out} as rows whose bar features are still to be filled. The calendar state lives in local variables
     * during the loop and is written back at the end, also when a bar is refused.
     */
    private void appendRows(long[] ts, double[] highs, double[] lows, double[] closes, int from, int to,
            FeatureBatch out) {
        final long[] outSecond = out.epochSecond;
        final long[] outDay = out.tradingDay;
        final int[] outNumber = out.barNumber;
        final double[] outClose = out.close;
        final boolean[] outInterpolated = out.ohlcvWasInterpolated;
        final int[] outState = out.state;
        final MacroPointInTime m = macro;
        final int secondsPerBar = barSeconds;
        final int sessionBars = barsPerSession;
        int macroState = out.states - 1;
        if (out.stateGeneration != macroGeneration) {
            macroState = out.addState(cachedMacroValues, cachedLevels, cachedStale);
            out.stateGeneration = macroGeneration;
        }
        // the macro source only needs the clock at bars where something can change (a new UTC day, a
        // publication); it is set to the last bar when the loop ends. A clock already past the last bar (advanced
        // from outside) is checked at the first bar.
        long macroEvent = lastEpochSecond != NONE && m.isAfter(lastEpochSecond) ? Long.MIN_VALUE : m.nextEventSecond();
        long last = lastEpochSecond;
        int lastNumber = lastBarNumber;
        long day = lastDay;
        boolean gap = lastInterpolated;
        int row = out.size;
        try {
            for (int k = from; k < to; k++, row++) {
                final long second = ts[k];
                final double high = highs[k];
                final double low = lows[k];
                final double close = closes[k];
                int number;
                long barDay;
                boolean hole;
                if (second - last == secondsPerBar && lastNumber > 0 && lastNumber < sessionBars
                        && second < macroEvent && validPrices(high, low, close)) {
                    // the common case, tested first so that the rare paths below stay out of its way: one bar
                    // length after a session bar that is not the last one is the next bar; valid, and before the
                    // next macro event
                    number = lastNumber + 1;
                    barDay = day;
                    hole = false;
                } else {
                    // ---- validation and calendar (nothing below changes the state before these checks pass)
                    if (second <= last) {
                        throw outOfOrder(Instant.ofEpochSecond(second).toString());
                    }
                    if (second - last == secondsPerBar && lastNumber > 0 && lastNumber < sessionBars) {
                        number = lastNumber + 1;
                        barDay = day;
                        hole = false;
                    } else {
                        number = session.barNumberOrZero(second); // the first bar of each session comes this way
                        if (number == 0) {
                            throw new IllegalArgumentException(Instant.ofEpochSecond(second)
                                    + " is not the open time of a bar in the trading session");
                        }
                        barDay = session.epochDay(second);
                        // a hole inside a session (or at the end of the previous stored session / start of this
                        // one); trading days without any stored bar are not holes
                        hole = last != NONE && (barDay == day ? number != lastNumber + 1
                                : number != 1 || lastNumber != sessionBars);
                    }
                    if (!validPrices(high, low, close)) {
                        throw new IllegalArgumentException("bar " + Instant.ofEpochSecond(second)
                                + " has invalid prices (need finite, positive, high >= low)");
                    }
                    // ---- macro, point in time at the bar's open time
                    if (second >= macroEvent) {
                        m.advanceTo(second);
                        if (m.version() != cachedMacroVersion || m.currentEpochDay() != cachedMacroDay) {
                            refreshMacroCache();
                            if (out.stateGeneration != macroGeneration) {
                                macroState = out.addState(cachedMacroValues, cachedLevels, cachedStale);
                                out.stateGeneration = macroGeneration;
                            }
                        }
                        macroEvent = m.nextEventSecond();
                    }
                }
                outSecond[row] = second;
                outDay[row] = barDay;
                outNumber[row] = number;
                outClose[row] = close;
                outInterpolated[row] = hole;
                outState[row] = macroState;
                last = second;
                lastNumber = number;
                day = barDay;
                gap = hole;
            }
        } finally {
            out.size = row; // the rows of the bars before a refused one stay
            if (last != NONE && last != lastEpochSecond) {
                m.advanceTo(last);
            }
            lastEpochSecond = last;
            lastBarNumber = lastNumber;
            lastDay = day;
            lastInterpolated = gap;
        }
    }

    /** Finite, positive prices with high ≥ low (the bar check; open and volume are not features' inputs). */
    private static boolean validPrices(double high, double low, double close) {
        return close > 0 && low > 0 && high >= low && Double.isFinite(high) && Double.isFinite(close);
    }

    /**
     * Pass 2 of {@link #run}: the six bar features and the data-quality score of rows {@code [fromRow, toRow)} of
     * {@code out}, which pass 1 appended for {@code bars[from ..)}, and the bar-side state after them.
     *
     * <p>ln(close) of the rows is computed first, in a loop of its own (the logarithm is a call into the runtime,
     * which would make the JIT save every register it holds across it), into {@link #logCloses} behind the
     * {@code lookback} logarithms of the bars before: the lag-L logarithm of row j is then
     * {@code logCloses[lookback + j − L]}, no ring arithmetic. The bars of the series' warm-up (index below
     * {@link #steadyIndex}) take the loop with the NaN and seeding rules; every later bar takes the loop without
     * them, which computes the same values.
     */
    private void fillBarFeatures(double[] highs, double[] lows, double[] closes, int from, int fromRow, int toRow,
            FeatureBatch out) {
        final int n = toRow - fromRow;
        if (n == 0) {
            return;
        }
        final int lookback = this.lookback;
        if (logCloses.length < lookback + n) {
            logCloses = Arrays.copyOf(logCloses, lookback + n);
        }
        final double[] logs = logCloses;
        for (int j = 0; j < n; j++) {
            logs[lookback + j] = Math.log(closes[from + j]);
        }
        final double[] barValues = out.barValues;
        final double[] outQuality = out.quality;
        final int[] outState = out.state;
        final int[] statePresent = out.statePresent;
        final int l5m = lag5m;
        final int l1h = lag1h;
        final int l4h = lag4h;
        final double mRsi = rsiMultiplier;
        final double mAtr = atrMultiplier;
        final double mDi = diMultiplier;
        final double mAdx = adxMultiplier;
        final boolean diIsAtr = diPeriod == atrPeriod; // then the DI's ATR is ATR14 itself (same input, seed, 1/n)
        long i = index;
        double pHigh = prevHigh;
        double pLow = prevLow;
        double pClose = prevClose;
        double gAvg = avgGain;
        double lAvg = avgLoss;
        double atrAvg = atr;
        double diAtrAvg = diAtr;
        double plusAvg = avgPlusDm;
        double minusAvg = avgMinusDm;
        double adxAvg = adx;
        int j = 0;

        // ---- warm-up: features NaN until their warm-up, Wilder averages seeded at their period
        final int w5m = Math.max(l5m, warmup5m);
        final int w1h = Math.max(l1h, warmup1h);
        final int w4h = Math.max(l4h, warmup4h);
        final int pRsi = rsiPeriod;
        final int pAtr = atrPeriod;
        final int pDi = diPeriod;
        final int adxSeed = adxSeedIndex;
        for (; j < n && i < steadyIndex; j++, i++) {
            final int k = from + j;
            final double high = highs[k];
            final double low = lows[k];
            final double close = closes[k];
            final double logClose = logs[lookback + j];
            double r5m = i >= w5m ? logClose - logs[lookback + j - l5m] : Double.NaN;
            double r1h = i >= w1h ? logClose - logs[lookback + j - l1h] : Double.NaN;
            double r4h = i >= w4h ? logClose - logs[lookback + j - l4h] : Double.NaN;
            double gain = 0;
            double loss = 0;
            double tr = Math.abs(high - low);
            double plusDm = 0;
            double minusDm = 0;
            if (i > 0) {
                gain = gain(close, pClose);
                loss = loss(close, pClose);
                tr = trueRange(high, low, pClose);
                plusDm = plusDm(high - pHigh, pLow - low);
                minusDm = minusDm(high - pHigh, pLow - low);
            }
            gAvg = mma(gAvg, gain, i, pRsi, mRsi);
            lAvg = mma(lAvg, loss, i, pRsi, mRsi);
            atrAvg = mma(atrAvg, tr, i, pAtr, mAtr);
            diAtrAvg = diIsAtr ? atrAvg : mma(diAtrAvg, tr, i, pDi, mDi);
            plusAvg = mma(plusAvg, plusDm, i, pDi, mDi);
            minusAvg = mma(minusAvg, minusDm, i, pDi, mDi);
            if (i >= pDi) {
                double dx = dx(plusAvg, minusAvg, diAtrAvg);
                adxAvg = i == adxSeed ? dx : i > adxSeed ? wilder(adxAvg, dx, mAdx) : Double.NaN;
            }
            writeRow(barValues, outQuality, fromRow + j, statePresent[outState[fromRow + j]], r5m, r1h, r4h,
                    i >= warmupRsi ? rsi(gAvg, lAvg) : Double.NaN, i >= warmupAtr ? atrAvg / close : Double.NaN,
                    i >= warmupAdx ? adxAvg : Double.NaN);
            pHigh = high;
            pLow = low;
            pClose = close;
        }

        // ---- steady state: every feature defined, every average past its seed
        i += n - j;
        for (; j < n; j++) {
            final int k = from + j;
            final double high = highs[k];
            final double low = lows[k];
            final double close = closes[k];
            final double logClose = logs[lookback + j];
            final double up = high - pHigh;
            final double down = pLow - low;
            final double tr = trueRange(high, low, pClose);
            gAvg = wilder(gAvg, gain(close, pClose), mRsi);
            lAvg = wilder(lAvg, loss(close, pClose), mRsi);
            atrAvg = wilder(atrAvg, tr, mAtr);
            diAtrAvg = diIsAtr ? atrAvg : wilder(diAtrAvg, tr, mDi);
            plusAvg = wilder(plusAvg, plusDm(up, down), mDi);
            minusAvg = wilder(minusAvg, minusDm(up, down), mDi);
            adxAvg = wilder(adxAvg, dx(plusAvg, minusAvg, diAtrAvg), mAdx);
            writeRow(barValues, outQuality, fromRow + j, statePresent[outState[fromRow + j]],
                    logClose - logs[lookback + j - l5m], logClose - logs[lookback + j - l1h],
                    logClose - logs[lookback + j - l4h], rsi(gAvg, lAvg), atrAvg / close, adxAvg);
            pHigh = high;
            pLow = low;
            pClose = close;
        }

        // ---- the state after the last row; the newest `lookback` logarithms move to the front
        System.arraycopy(logs, n, logs, 0, lookback);
        index = i;
        prevHigh = pHigh;
        prevLow = pLow;
        prevClose = pClose;
        avgGain = gAvg;
        avgLoss = lAvg;
        atr = atrAvg;
        diAtr = diAtrAvg;
        avgPlusDm = plusAvg;
        avgMinusDm = minusAvg;
        adx = adxAvg;
    }

    /**
     * Writes the six bar features of a row and its data-quality score: present = the row's macro features present
     * + its bar features present (NaN != NaN), looked up in {@link #QUALITY}. A NaN makes the sum of the six NaN, so
     * a sum that is a number means all six are present and only a NaN sum (warm-up, or infinities of both signs)
     * needs them counted one by one.
     */
    private static void writeRow(double[] barValues, double[] quality, int row, int macroPresent, double r5m,
            double r1h, double r4h, double rsi, double atrPct, double adx) {
        int offset = row * BAR_FEATURE_COUNT;
        barValues[offset + LOG_RET_5M] = r5m;
        barValues[offset + LOG_RET_1H] = r1h;
        barValues[offset + LOG_RET_4H] = r4h;
        barValues[offset + RSI_9] = rsi;
        barValues[offset + ATR_PCT] = atrPct;
        barValues[offset + ADX_14] = adx;
        double sum = r5m + r1h + r4h + rsi + atrPct + adx;
        int present = sum == sum ? BAR_FEATURE_COUNT
                : (r5m == r5m ? 1 : 0) + (r1h == r1h ? 1 : 0) + (r4h == r4h ? 1 : 0)
                        + (rsi == rsi ? 1 : 0) + (atrPct == atrPct ? 1 : 0) + (adx == adx ? 1 : 0);
        quality[row] = QUALITY[macroPresent + present];
    }

    /** gain[i] = max(close − prevClose, 0), branch-free (x − x is +0.0). */
    private static double gain(double close, double prevClose) {
        return Math.max(close - prevClose, 0.0);
    }

    /** loss[i] = max(prevClose − close, 0). */
    private static double loss(double close, double prevClose) {
        return Math.max(prevClose - close, 0.0);
    }

    /** TR = max(|high − low|, |high − prevClose|, |prevClose − low|), in ta4j's evaluation order. */
    private static double trueRange(double high, double low, double prevClose) {
        return Math.max(Math.max(Math.abs(high - low), Math.abs(high - prevClose)), Math.abs(prevClose - low));
    }

    /** +DM = up if up &gt; down and up &gt; 0, else 0 (up = high − prevHigh, down = prevLow − low). */
    private static double plusDm(double up, double down) {
        return select(up > down & up > 0, up);
    }

    /** −DM = down if down &gt; up and down &gt; 0, else 0 (at most one of ±DM is non-zero). */
    private static double minusDm(double up, double down) {
        return select(down > up & down > 0, down);
    }

    /**
     * DX = 100·|+DI − −DI| / (+DI + −DI) with ±DI = 100·MMA(±DM) / ATR: the ATR cancels, so DX = 100·|P − M| / (P + M),
     * one division instead of three; 0 when |ATR| &lt; tol or the DI sum's zero test |+DI + −DI| &lt; tol holds, read
     * as (P + M)·100 &lt; tol·ATR (P, M ≥ 0, ATR ≥ tol there).
     */
    private static double dx(double plusAvg, double minusAvg, double atr) {
        double dmSum = plusAvg + minusAvg;
        return Math.abs(atr) < ZERO_TOLERANCE || dmSum * 100 < ZERO_TOLERANCE * atr ? 0
                : Math.abs(plusAvg - minusAvg) / dmSum * 100;
    }

    /**
     * {@code condition ? x : +0.0} without a branch: a branch here is mispredicted about every other bar (whether
     * the high or the low moved more is a coin toss), which cost more than the rest of the directional movement.
     */
    private static double select(boolean condition, double x) {
        long mask = -(long) (condition ? 1 : 0);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & mask);
    }

    /** Ring position of ln(close[i − lag]) while bar i is processed (the ring's newest entry, at head, is i − 1). */
    private static int lagPos(int head, int lag, int length) {
        int pos = head - (lag - 1);
        return pos < 0 ? pos + length : pos;
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
        return wilder(prev, x, multiplier);
    }

    /** One Wilder step past the seed: prev + (x − prev) · (1/period). */
    private static double wilder(double prev, double x, double multiplier) {
        return prev + (x - prev) * multiplier;
    }

    /**
     * 100 − 100/(1 + G/L), evaluated as 100·G/(G + L) (the same for L &gt; 0, one division instead of two);
     * 100 if L = 0 &lt; G; 50 if both are 0.
     */
    static double rsi(double avgGain, double avgLoss) {
        if (avgLoss == 0) {
            return avgGain == 0 ? 50.0 : 100.0;
        }
        return 100 * avgGain / (avgGain + avgLoss);
    }

    /** Recomputes the macro values, levels and flag (new observation known or new UTC day). */
    private void refreshMacroCache() {
        cachedMacroVersion = macro.version();
        cachedMacroDay = macro.currentEpochDay();
        boolean changed = false;
        for (int k = 0; k < macroFeature.length; k++) {
            int[] s = macroSeries[k];
            double value = switch (macroKind[k]) {
                case Z_SCORE -> macro.zScore(s[0], macroWindow[k]);
                case CHANGE -> macro.change(s[0]);
                case SPREAD -> macro.level(s[0]) - macro.level(s[1]);
            };
            changed |= Double.doubleToLongBits(value) != Double.doubleToLongBits(cachedMacroValues[k]);
            cachedMacroValues[k] = value;
        }
        boolean stale = false;
        for (int j = 0; j < usedSeries.length; j++) {
            double level = macro.level(usedSeries[j]);
            changed |= Double.doubleToLongBits(level) != Double.doubleToLongBits(cachedLevels[j]);
            cachedLevels[j] = level;
            stale |= macro.isStale(usedSeries[j]);
        }
        changed |= stale != cachedStale;
        cachedStale = stale;
        if (changed) {
            macroGeneration++;
        }
    }

    /** Macro levels used by the last bar (series id to level, missing ones left out; unmodifiable, shared while unchanged). */
    public Map<String, Double> lastMacroLevels() {
        if (levelsMapGeneration != macroGeneration) {
            Map<String, Double> levels = new LinkedHashMap<>();
            for (int j = 0; j < usedSeries.length; j++) {
                if (!Double.isNaN(cachedLevels[j])) {
                    levels.put(usedSeriesIds[j], cachedLevels[j]);
                }
            }
            levelsMap = Collections.unmodifiableMap(levels);
            levelsMapGeneration = macroGeneration;
        }
        return levelsMap;
    }

    /** macro_was_ffilled of the last bar. */
    public boolean lastMacroWasFfilled() {
        return cachedStale;
    }

    /** ohlcv_was_interpolated of the last bar (session bars are missing right before it). */
    public boolean lastOhlcvWasInterpolated() {
        return lastInterpolated;
    }

    /** Feeds history bars (e.g. the stored bars before the first new one), discarding their vectors. */
    public void warmUp(List<Bar> history) {
        for (Bar bar : history) {
            feedOne(bar);
        }
    }

    /** Bars fed so far. */
    public long barCount() {
        return index;
    }

    /** Open time of the last bar fed, or null. */
    public Instant lastBarTime() {
        return lastEpochSecond == NONE ? null : Instant.ofEpochSecond(lastEpochSecond);
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
        int n = (int) Math.min(index, lookback);
        double[] recent = Arrays.copyOfRange(logCloses, lookback - n, lookback);
        return new State(features.contractVersion(), index, lastBarTime(), recent, prevHigh, prevLow, prevClose,
                avgGain, avgLoss, atr, diAtr, avgPlusDm, avgMinusDm, adx);
    }

    static CanonicalFeatureBuilder restore(CanonicalFeatures features, MacroPointInTime macro, State s) {
        if (!features.contractVersion().equals(s.contractVersion())) {
            throw new IllegalArgumentException("builder state was computed under feature contract "
                    + s.contractVersion() + ", not " + features.contractVersion() + "; recompute from the bars");
        }
        CanonicalFeatureBuilder b = new CanonicalFeatureBuilder(features, macro);
        double[] recent = s.recentLogCloses();
        if (recent.length != Math.min(s.barCount(), b.lookback)) {
            throw new IllegalArgumentException("builder state holds " + recent.length + " closes for "
                    + s.barCount() + " bars; expected " + Math.min(s.barCount(), b.lookback));
        }
        if ((s.barCount() == 0) != (s.lastBarTime() == null)) {
            throw new IllegalArgumentException("builder state of " + s.barCount() + " bars has "
                    + (s.lastBarTime() == null ? "no" : "a") + " last bar time");
        }
        System.arraycopy(recent, 0, b.logCloses, b.lookback - recent.length, recent.length);
        b.index = s.barCount();
        if (s.lastBarTime() != null) {
            Instant last = s.lastBarTime();
            b.lastEpochSecond = last.getEpochSecond();
            b.lastBarNumber = b.session.barNumber(last);
            b.lastDay = b.session.epochDay(last);
        }
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
