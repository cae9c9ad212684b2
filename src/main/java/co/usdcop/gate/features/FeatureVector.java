package co.usdcop.gate.features;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The canonical market features of one bar, raw (not normalised), in feature-contract order.
 * {@code values} has one entry per market feature; a missing feature is {@code NaN} (stored as SQL null).
 * {@code macroLevels} are the point-in-time macro values used (series id to level) for traceability.
 */
public record FeatureVector(
        Instant ts,
        LocalDate tradingDate,
        int barNumber,
        double[] values,
        double close,
        Map<String, Double> macroLevels,
        boolean macroWasFfilled,
        boolean ohlcvWasInterpolated,
        double dataQualityScore) {
}
