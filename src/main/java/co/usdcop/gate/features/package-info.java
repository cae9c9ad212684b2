/**
 * The canonical features of CTR-FEATURE-001 ({@code config/feature_contract.yaml}), computed point-in-time
 * correct by one streaming builder that serves backtests, live inference and dataset export alike.
 *
 * <p>Which class for which workload:
 * <ul>
 * <li>{@link co.usdcop.gate.features.CanonicalFeatures} — build once from the config
 *     ({@code CanonicalFeatures.of(gateConfig.featureContract(), gateConfig.market())}), share it (immutable).
 *     <b>Batch</b> for lists: {@code computeAll(bars, macroObservations)}.</li>
 * <li>{@link co.usdcop.gate.features.CanonicalFeatureBuilder} — <b>streaming / live</b>: {@code newBuilder(macro)}
 *     then {@code next(bar)} per bar. To continue live from stored history either keep the builder, or store
 *     {@code snapshot()} after the last bar and {@code restore(state, macro)} later (bit-identical), or
 *     {@code warmUp(historyBars)} from the start of the stored series. <b>Batch recomputation</b> (the feature
 *     store, which backtests and dataset export read) uses {@code computeInto(barColumns, from, to, batch)}:
 *     bars as primitive columns ({@link co.usdcop.gate.features.BarColumns}) into a reused
 *     {@link co.usdcop.gate.features.FeatureBatch}, no allocation per bar. Both forms run the same code for a
 *     range of bars (the per-bar API is a range of one: a calendar pass, then a bar-feature pass), so they agree
 *     bit for bit.
 *     {@code nextInto(bar, matrix, offset)} writes the 13 values of one bar as a row of a feature matrix.</li>
 * <li>{@link co.usdcop.gate.features.MacroPointInTime} — point-in-time macro view (publication time,
 *     forward-fill limit, staleness); created by {@code CanonicalFeatures.macro(...)}; live code may
 *     {@code add} observations that arrive later. Several builders over the same observations share one
 *     {@code compileMacro(observations)} (validated and ordered once, copied on a builder's first live add).</li>
 * <li>{@link co.usdcop.gate.features.FeatureVector} — one bar's 13 values (NaN = missing).</li>
 * </ul>
 * The inputs are the market package's types ({@link co.usdcop.gate.market.Bar},
 * {@link co.usdcop.gate.market.MacroObservation}, {@link co.usdcop.gate.market.TradingSession}): this package
 * depends on {@code market}, never the other way round.
 * The state feature {@code position} belongs to whoever runs the policy (backtest engine, inference loop).
 */
package co.usdcop.gate.features;
