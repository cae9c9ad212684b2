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
 * @param costMultiplier the run charges {@code transaction_cost_bps × costMultiplier} (dimensionless, &gt; 0); 1 is
 *                      the cost in force, anything else a what-if run that cannot back a proposal
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
        String createdBy,
        double costMultiplier) {

    public BacktestRequest {
        if (!(costMultiplier > 0) || Double.isInfinite(costMultiplier)) {
            throw new IllegalArgumentException("cost multiplier must be a finite number > 0, got " + costMultiplier);
        }
    }

    /** A request at the cost in force (multiplier 1). */
    public BacktestRequest(String modelId, String modelHash, String normStatsHash, LocalDate from, LocalDate to,
            PeriodType periodType, LocalDate trainStart, LocalDate trainEnd, RunSource runSource, String createdBy) {
        this(modelId, modelHash, normStatsHash, from, to, periodType, trainStart, trainEnd, runSource, createdBy, 1.0);
    }

    /** Whether this run charges the cost in force (multiplier exactly 1). */
    public boolean atStandardCost() {
        return costMultiplier == 1.0;
    }
}
