/**
 * The canonical features of CTR-FEATURE-001 ({@code config/feature_contract.yaml}), computed point-in-time
 * correct by one streaming builder that serves backtests, live inference and dataset export alike.
 *
 * <p>Which class for which workload:
 * <ul>
 * <li>{@link co.usdcop.gate.features.CanonicalFeatures} — build once from the config
 *     ({@code CanonicalFeatures.of(gateConfig.featureContract(), gateConfig.market())}), share it (immutable).
 *     <b>Batch</b> (backtests, feature-store recomputation, dataset export):
 *     {@code computeAll(bars, macroObservations)}.</li>
 * <li>{@link co.usdcop.gate.features.CanonicalFeatureBuilder} — <b>streaming / live</b>: {@code newBuilder(macro)}
 *     then {@code next(bar)} per bar. To continue live from stored history either keep the builder, or store
 *     {@code snapshot()} after the last bar and {@code restore(state, macro)} later (bit-identical), or
 *     {@code warmUp(historyBars)} from the start of the stored series. Large exports can stream bar by bar
 *     instead of materialising {@code computeAll}. {@code nextInto(bar, matrix, offset)} is the allocation-free
 *     form that writes the 13 values as a row of a feature matrix (backtests feeding batched ONNX inference).</li>
 * <li>{@link co.usdcop.gate.features.MacroPointInTime} — point-in-time macro view (publication time,
 *     forward-fill limit, staleness); created by {@code CanonicalFeatures.macro(...)}; live code may
 *     {@code add} observations that arrive later.</li>
 * <li>{@link co.usdcop.gate.features.TradingSession} — the session calendar of {@code market.yaml}: bar numbers,
 *     trading date, {@code timeNormalized(ts)} (state feature {@code time_normalized}), grid checks,
 *     next/previous bar.</li>
 * <li>{@link co.usdcop.gate.features.Bar}, {@link co.usdcop.gate.features.MacroObservation},
 *     {@link co.usdcop.gate.features.FeatureVector} — the data records (NaN = missing).</li>
 * </ul>
 * The state feature {@code position} belongs to whoever runs the policy (backtest engine, inference loop).
 */
package co.usdcop.gate.features;
