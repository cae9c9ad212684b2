package co.usdcop.gate.backtest;

import java.time.LocalDate;

/**
 * Everything a backtest's numbers depend on besides the engine's code: the signed half of
 * {@link BacktestSignature}. Two runs with equal inputs produce equal outputs, hence equal signatures.
 *
 * @param modelHash        SHA-256 of the ONNX file
 * @param normStatsHash    SHA-256 of norm_stats.json
 * @param dataSnapshotHash the feature store's hash of the rows replayed ({@code FeatureSnapshot})
 * @param costModel        {@link BacktestSettings#costModel()}
 * @param thresholds       {@link BacktestSettings#thresholds()}
 * @param engineVersion    {@link BacktestEngine#ENGINE_VERSION}
 * @param periodStart      first trading date, inclusive
 * @param periodEnd        last trading date, inclusive
 */
public record BacktestInputs(
        String modelHash,
        String normStatsHash,
        String dataSnapshotHash,
        BacktestSettings.CostModel costModel,
        BacktestSettings.DecisionRules thresholds,
        String engineVersion,
        LocalDate periodStart,
        LocalDate periodEnd) {
}
