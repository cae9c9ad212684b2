package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import static co.usdcop.gate.features.CanonicalFeatures.BAR_FEATURE_COUNT;
import static co.usdcop.gate.features.CanonicalFeatures.MARKET_FEATURE_COUNT;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output of the batch path ({@link CanonicalFeatureBuilder#computeInto}): up to {@code capacity} feature rows as
 * primitive columns, reused chunk after chunk so a recomputation allocates nothing per bar. Row {@code r} holds
 * exactly what {@link CanonicalFeatureBuilder#next} returns for the same bar ({@link #vector(int)} builds that
 * {@link FeatureVector}).
 *
 * <p>Layout: the 6 bar features (contract indices 0..5) are stored per row; the 7 macro features (6..12), the
 * macro levels and macro_was_ffilled only change when a macro observation becomes known or the UTC day changes,
 * so they are stored once per such <i>macro state</i> and each row points to its state. {@link #value} and
 * {@link #values(int)} hide this. Not thread-safe.
 */
public final class FeatureBatch {

    private static final int MACRO_FEATURE_COUNT = MARKET_FEATURE_COUNT - BAR_FEATURE_COUNT;

    private final int capacity;
    final long[] epochSecond;
    final long[] tradingDay;
    final int[] barNumber;
    /** Bar features, row-major: {@code barValues[row * 6 + feature]}. */
    final double[] barValues;
    final double[] close;
    final double[] quality;
    final boolean[] ohlcvWasInterpolated;
    final int[] state;
    int size;

    // macro states (grow as needed; a chunk of a few thousand bars spans a few hundred at most)
    double[] stateMacro = new double[16 * MACRO_FEATURE_COUNT];
    double[] stateLevels = new double[0];
    boolean[] stateStale = new boolean[16];
    /** Per macro state: how many of the 7 macro features are present (counted once, for the quality score). */
    int[] statePresent = new int[16];
    private Map<String, Double>[] stateLevelMaps = newMapArray(16);
    int states;
    /** The builder whose macro-state generation {@link #stateGeneration} counts, and its level series ids. */
    Object stateOwner;
    long stateGeneration = -1;
    String[] levelIds = new String[0];

    public FeatureBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a feature batch needs a capacity of at least 1 row");
        }
        this.capacity = capacity;
        epochSecond = new long[capacity];
        tradingDay = new long[capacity];
        barNumber = new int[capacity];
        barValues = new double[capacity * BAR_FEATURE_COUNT];
        close = new double[capacity];
        quality = new double[capacity];
        ohlcvWasInterpolated = new boolean[capacity];
        state = new int[capacity];
    }

    /** Removes every row (keeps the arrays). */
    public void clear() {
        size = 0;
        Arrays.fill(stateLevelMaps, 0, states, null);
        states = 0;
        stateGeneration = -1;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Rows that can still be added before {@link #clear()}. */
    public int remaining() {
        return capacity - size;
    }

    public Instant ts(int row) {
        return Instant.ofEpochSecond(epochSecond[check(row)]);
    }

    public long epochSecond(int row) {
        return epochSecond[check(row)];
    }

    public LocalDate tradingDate(int row) {
        return LocalDate.ofEpochDay(tradingDay[check(row)]);
    }

    public int barNumber(int row) {
        return barNumber[check(row)];
    }

    /** Market feature {@code feature} (contract index) of a row; NaN = missing. */
    public double value(int row, int feature) {
        java.util.Objects.checkIndex(feature, MARKET_FEATURE_COUNT);
        check(row);
        return feature < BAR_FEATURE_COUNT ? barValues[row * BAR_FEATURE_COUNT + feature]
                : stateMacro[state[row] * MACRO_FEATURE_COUNT + feature - BAR_FEATURE_COUNT];
    }

    /** The 13 values of a row, in contract order (a new array). */
    public double[] values(int row) {
        double[] out = new double[MARKET_FEATURE_COUNT];
        valuesInto(row, out, 0);
        return out;
    }

    /** Writes the 13 values of a row to {@code out[offset .. offset + 13)}. */
    public void valuesInto(int row, double[] out, int offset) {
        check(row);
        java.util.Objects.checkFromIndexSize(offset, MARKET_FEATURE_COUNT, out.length);
        System.arraycopy(barValues, row * BAR_FEATURE_COUNT, out, offset, BAR_FEATURE_COUNT);
        System.arraycopy(stateMacro, state[row] * MACRO_FEATURE_COUNT, out, offset + BAR_FEATURE_COUNT,
                MACRO_FEATURE_COUNT);
    }

    public double close(int row) {
        return close[check(row)];
    }

    public double dataQualityScore(int row) {
        return quality[check(row)];
    }

    public boolean macroWasFfilled(int row) {
        return stateStale[state[check(row)]];
    }

    public boolean ohlcvWasInterpolated(int row) {
        return ohlcvWasInterpolated[check(row)];
    }

    /**
     * The point-in-time macro levels the row's features used (series id to level, missing ones left out;
     * unmodifiable, one map per macro state).
     */
    public Map<String, Double> macroLevels(int row) {
        int s = state[check(row)];
        Map<String, Double> m = stateLevelMaps[s];
        if (m == null) {
            Map<String, Double> levels = new LinkedHashMap<>();
            for (int j = 0; j < levelIds.length; j++) {
                double level = stateLevels[s * levelIds.length + j];
                if (!Double.isNaN(level)) {
                    levels.put(levelIds[j], level);
                }
            }
            m = Collections.unmodifiableMap(levels);
            stateLevelMaps[s] = m;
        }
        return m;
    }

    /** Index of the row's macro state: rows with the same index share macro features, levels and macro flag. */
    public int macroState(int row) {
        return state[check(row)];
    }

    /** The row as the {@link FeatureVector} the per-bar path gives for the same bar. */
    public FeatureVector vector(int row) {
        return new FeatureVector(ts(row), tradingDate(row), barNumber(row), values(row), close(row), macroLevels(row),
                macroWasFfilled(row), ohlcvWasInterpolated(row), dataQualityScore(row));
    }

    /** Every row as a {@link FeatureVector}, in order. */
    public List<FeatureVector> vectors() {
        List<FeatureVector> out = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            out.add(vector(r));
        }
        return out;
    }

    /** Appends a macro state (called by the builder when its macro cache changed) and returns its index. */
    int addState(double[] macroValues, double[] levels, boolean stale) {
        if (states == stateStale.length) {
            int cap = states * 2;
            stateMacro = Arrays.copyOf(stateMacro, cap * MACRO_FEATURE_COUNT);
            stateLevels = Arrays.copyOf(stateLevels, cap * levels.length);
            stateStale = Arrays.copyOf(stateStale, cap);
            statePresent = Arrays.copyOf(statePresent, cap);
            stateLevelMaps = Arrays.copyOf(stateLevelMaps, cap);
        }
        if (stateLevels.length < stateStale.length * levels.length) {
            stateLevels = Arrays.copyOf(stateLevels, stateStale.length * levels.length);
        }
        System.arraycopy(macroValues, 0, stateMacro, states * MACRO_FEATURE_COUNT, MACRO_FEATURE_COUNT);
        System.arraycopy(levels, 0, stateLevels, states * levels.length, levels.length);
        stateStale[states] = stale;
        int present = 0;
        for (int k = 0; k < MACRO_FEATURE_COUNT; k++) {
            present += Double.isNaN(macroValues[k]) ? 0 : 1;
        }
        statePresent[states] = present;
        stateLevelMaps[states] = null;
        return states++;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double>[] newMapArray(int n) {
        return (Map<String, Double>[]) new Map[n];
    }

    private int check(int row) {
        return java.util.Objects.checkIndex(row, size);
    }
}
