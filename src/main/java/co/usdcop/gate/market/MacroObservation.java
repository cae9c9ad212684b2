package co.usdcop.gate.market;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One observation of a macro series. {@code publishedAt} is when it became known (explicit, or the observation
 * date plus the series' publication delay); a bar at t may only see observations with {@code publishedAt <= t}.
 */
public record MacroObservation(String seriesId, LocalDate observationDate, double value, Instant publishedAt) {
}
