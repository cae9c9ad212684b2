package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.MacroObservation;
import co.usdcop.gate.market.TradingSession;
import co.usdcop.gate.config.FeatureContract;
import co.usdcop.gate.config.FeatureContract.FeatureDefinition;
import co.usdcop.gate.config.MarketConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of the canonical features (CTR-FEATURE-001): the parameters read from
 * {@code config/feature_contract.yaml} and {@code config/market.yaml}, checked once against what
 * {@link CanonicalFeatureBuilder} implements, plus factories for builders and the batch helper.
 *
 * <p>Build one per configuration ({@link #of}) and share it: it is immutable and thread-safe. Builders are not.
 *
 * <p>The 13 market features are implemented here in this exact order (indices into
 * {@link FeatureVector#values()}); the contract must list the same names in the same order, otherwise
 * {@link #of} refuses it — a model trained on another order must never be fed these vectors.
 */
public final class CanonicalFeatures {

    public static final int LOG_RET_5M = 0;
    public static final int LOG_RET_1H = 1;
    public static final int LOG_RET_4H = 2;
    public static final int RSI_9 = 3;
    public static final int ATR_PCT = 4;
    public static final int ADX_14 = 5;
    public static final int DXY_Z = 6;
    public static final int DXY_CHANGE_1D = 7;
    public static final int VIX_Z = 8;
    public static final int EMBI_Z = 9;
    public static final int BRENT_CHANGE_1D = 10;
    public static final int RATE_SPREAD = 11;
    public static final int USDMXN_CHANGE_1D = 12;

    /** The market features this implementation computes, in contract order. */
    public static final List<String> MARKET_FEATURES = List.of(
            "log_ret_5m", "log_ret_1h", "log_ret_4h", "rsi_9", "atr_pct", "adx_14",
            "dxy_z", "dxy_change_1d", "vix_z", "embi_z", "brent_change_1d", "rate_spread", "usdmxn_change_1d");

    public static final int MARKET_FEATURE_COUNT = 13;

    /** The features computed from the bars are the first six (indices 0..5); the macro features follow (6..12). */
    public static final int BAR_FEATURE_COUNT = 6;

    /** Rows per {@link FeatureBatch} chunk of {@link #computeAll}. */
    static final int BATCH_ROWS = 4_096;

    /** The state features appended by the policy runner (not computed by the builder). */
    public static final List<String> STATE_FEATURES = List.of("position", "time_normalized");

    /** How a macro feature reads its series. */
    enum MacroKind { Z_SCORE, CHANGE, SPREAD }

    private final String contractVersion;
    private final String featureOrderHash;
    private final TradingSession session;
    private final List<MarketConfig.MacroSeries> macroSeries;
    private final int[] window = new int[MARKET_FEATURE_COUNT];
    private final int[] warmupBars = new int[MARKET_FEATURE_COUNT];
    private final String[][] sources = new String[MARKET_FEATURE_COUNT][];
    private final MacroKind[] macroKind = new MacroKind[MARKET_FEATURE_COUNT];
    private final List<String> macroSeriesUsed;
    private final int macroHistoryLength;

    private CanonicalFeatures(FeatureContract contract, MarketConfig market) {
        this.contractVersion = contract.version();
        this.featureOrderHash = contract.featureOrderHash();
        this.session = TradingSession.of(market);
        this.macroSeries = List.copyOf(market.macroSeries());
        List<FeatureDefinition> defs = contract.features().stream().filter(f -> "market".equals(f.kind())).toList();
        List<String> names = defs.stream().map(FeatureDefinition::name).toList();
        if (!names.equals(MARKET_FEATURES)) {
            throw new IllegalStateException("feature contract " + contract.contractId() + " " + contract.version()
                    + " lists market features " + names + " but this service computes exactly " + MARKET_FEATURES
                    + " in that order; align config/feature_contract.yaml or add the new definitions to the builder");
        }
        macroKind[DXY_Z] = macroKind[VIX_Z] = macroKind[EMBI_Z] = MacroKind.Z_SCORE;
        macroKind[DXY_CHANGE_1D] = macroKind[BRENT_CHANGE_1D] = macroKind[USDMXN_CHANGE_1D] = MacroKind.CHANGE;
        macroKind[RATE_SPREAD] = MacroKind.SPREAD;
        Set<String> used = new LinkedHashSet<>();
        int history = 2;
        for (int i = 0; i < MARKET_FEATURE_COUNT; i++) {
            FeatureDefinition d = defs.get(i);
            if (d.window() == null || d.window() < 1) {
                throw invalid(d, "needs a window >= 1");
            }
            window[i] = d.window();
            warmupBars[i] = d.warmupBars();
            if (macroKind[i] == null) {
                if (warmupBars[i] < window[i]) {
                    throw invalid(d, "warmup_bars " + warmupBars[i] + " is below its window " + window[i]
                            + " (the value does not exist before that)");
                }
                if (d.source() != null && !d.source().isBlank()) {
                    throw invalid(d, "is computed from the bars and must not name a macro source");
                }
            } else {
                if (d.source() == null || d.source().isBlank()) {
                    throw invalid(d, "needs a macro source series");
                }
                String[] ids = d.source().split(",");
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = ids[k].trim();
                    String id = ids[k];
                    if (market.series(id).isEmpty()) {
                        throw invalid(d, "reads series '" + id + "' which market.yaml does not define");
                    }
                    used.add(id);
                }
                int expected = macroKind[i] == MacroKind.SPREAD ? 2 : 1;
                if (ids.length != expected) {
                    throw invalid(d, "needs exactly " + expected + " source series, got " + d.source());
                }
                int need = macroKind[i] == MacroKind.Z_SCORE ? window[i] : macroKind[i] == MacroKind.CHANGE ? 2 : 1;
                if (macroKind[i] == MacroKind.Z_SCORE && window[i] < 2) {
                    throw invalid(d, "a z-score needs a window of at least 2 observations");
                }
                if (macroKind[i] == MacroKind.CHANGE && window[i] != 2) {
                    throw invalid(d, "a 1-day change compares 2 observations; window must be 2");
                }
                history = Math.max(history, need);
                sources[i] = ids;
            }
        }
        this.macroSeriesUsed = List.copyOf(used);
        this.macroHistoryLength = history;
    }

    private static IllegalStateException invalid(FeatureDefinition d, String problem) {
        return new IllegalStateException("feature_contract.yaml: feature '" + d.name() + "' " + problem);
    }

    /**
     * The canonical features for a configuration.
     *
     * @throws IllegalStateException if the contract's market features, windows, warm-ups or sources do not match
     *         what the builder implements (the message says what to change)
     */
    public static CanonicalFeatures of(FeatureContract contract, MarketConfig market) {
        return new CanonicalFeatures(contract, market);
    }

    /** A point-in-time macro source over {@code observations} (any order), positioned before the first bar. */
    public MacroPointInTime macro(Collection<MacroObservation> observations) {
        return new MacroPointInTime(macroSeries, macroHistoryLength, observations);
    }

    /**
     * {@code observations} (any order) validated and ordered once, for several builders over the same macro data
     * (as {@link BarColumns} are the bars read once).
     *
     * @throws IllegalArgumentException for an unknown series or an invalid observation
     */
    public MacroPointInTime.Observations compileMacro(Collection<MacroObservation> observations) {
        return MacroPointInTime.compile(macroSeries, observations);
    }

    /** A point-in-time macro source over compiled observations, positioned before the first bar. */
    public MacroPointInTime macro(MacroPointInTime.Observations compiled) {
        return new MacroPointInTime(macroSeries, macroHistoryLength, compiled);
    }

    /** A fresh builder whose macro source holds {@code observations}. */
    public CanonicalFeatureBuilder newBuilder(Collection<MacroObservation> observations) {
        return new CanonicalFeatureBuilder(this, macro(observations));
    }

    /** A fresh builder over compiled macro observations ({@link #compileMacro}). */
    public CanonicalFeatureBuilder newBuilder(MacroPointInTime.Observations compiled) {
        return new CanonicalFeatureBuilder(this, macro(compiled));
    }

    /** A builder continuing from a {@link CanonicalFeatureBuilder#snapshot() snapshot} (e.g. stored after the last bar). */
    public CanonicalFeatureBuilder restore(CanonicalFeatureBuilder.State state, Collection<MacroObservation> observations) {
        return CanonicalFeatureBuilder.restore(this, macro(observations), state);
    }

    /** {@link #restore(CanonicalFeatureBuilder.State, Collection)} over compiled macro observations. */
    public CanonicalFeatureBuilder restore(CanonicalFeatureBuilder.State state, MacroPointInTime.Observations compiled) {
        return CanonicalFeatureBuilder.restore(this, macro(compiled), state);
    }

    /**
     * Batch computation: one {@link FeatureVector} per bar, produced by the builder's batch path
     * ({@link CanonicalFeatureBuilder#computeInto}, in chunks of {@value #BATCH_ROWS} rows), which runs the same
     * per-bar step as live updates. {@code bars} must be strictly increasing session bars; {@code observations} any order.
     */
    public List<FeatureVector> computeAll(List<Bar> bars, Collection<MacroObservation> observations) {
        CanonicalFeatureBuilder builder = newBuilder(observations);
        BarColumns columns = BarColumns.of(bars);
        FeatureBatch batch = new FeatureBatch(Math.max(1, Math.min(bars.size(), BATCH_ROWS)));
        List<FeatureVector> out = new ArrayList<>(bars.size());
        for (int from = 0; from < bars.size(); from += batch.capacity()) {
            batch.clear();
            builder.computeInto(columns, from, Math.min(bars.size(), from + batch.capacity()), batch);
            out.addAll(batch.vectors());
        }
        return out;
    }

    public TradingSession session() {
        return session;
    }

    public String contractVersion() {
        return contractVersion;
    }

    /** The contract's feature_order_hash (all 15 names), to store beside every feature row. */
    public String featureOrderHash() {
        return featureOrderHash;
    }

    public List<String> marketFeatureNames() {
        return MARKET_FEATURES;
    }

    /** Window of market feature {@code i} as the contract states it (lag in bars, Wilder period or observations). */
    public int window(int i) {
        return window[i];
    }

    /** Bars during which market feature {@code i} is NaN at the start of a series. */
    public int warmupBars(int i) {
        return warmupBars[i];
    }

    /** The macro series ids the 13 features read (their levels go to {@link FeatureVector#macroLevels()}). */
    public List<String> macroSeriesUsed() {
        return macroSeriesUsed;
    }

    public List<MarketConfig.MacroSeries> macroSeries() {
        return macroSeries;
    }

    /** The longest macro history a feature needs (z-score window), observations per series. */
    public int macroHistoryLength() {
        return macroHistoryLength;
    }

    String[] sources(int i) {
        return sources[i];
    }

    MacroKind macroKind(int i) {
        return macroKind[i];
    }

    /** The feature names in contract order with their index, for column mapping. */
    public static Map<String, Integer> indexByName() {
        java.util.LinkedHashMap<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < MARKET_FEATURES.size(); i++) {
            m.put(MARKET_FEATURES.get(i), i);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
