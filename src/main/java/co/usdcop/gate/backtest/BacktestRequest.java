package co.usdcop.gate.backtest;

import java.time.LocalDate;

/**
 * What to backtest and on whose behalf; the model side (hashes, training range) comes from the model registry.
 *
 * @param modelId       registered model id
 * @param modelHash     SHA-256 of its ONNX file
 * @param normStatsHash SHA-256 of its norm_stats.json
 * @param from          first trading date, inclusive
 * @param to            last trading date, inclusive
 * @param periodType    validation, test or custom
 * @param trainStart    first date of the model's training range (its experiment's), null if unknown
 * @param trainEnd      last date of the model's training range, null if unknown
 * @param runSource     who computed it
 * @param createdBy     OIDC subject of the caller, or {@code system}
 */
public record BacktestRequest(
        String modelId,
        String modelHash,
        String normStatsHash,
        LocalDate from,
        LocalDate to,
        PeriodType periodType,
        LocalDate trainStart,
        LocalDate trainEnd,
        RunSource runSource,
        String createdBy) {
}
