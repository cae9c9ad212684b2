package co.usdcop.gate.market;

import co.usdcop.gate.config.MarketConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Validation of macro observations and the publication rule.
 * <p>
 * published_at: the explicit value when the input has one; otherwise the series' publication anchor + its
 * publication_delay_days (market.yaml), at 00:00 UTC. The anchor is per frequency ({@code publication_anchor}):
 * period_end (default) = the first day after the period the value describes, period_start = the observation date.
 * Example: CPI_COL for March 2025 (observation date 2025-03-01) with a 30-day delay and the period-end anchor is
 * published 2025-04-01 + 30 days = 2025-05-01T00:00:00Z; GDP_COL for Q1 2025 (45 days) 2025-05-16T00:00:00Z; no bar
 * before that instant sees them. This default is for a first load only: the ingestion publishes a changed value of
 * an already stored date without an explicit time at the ingestion instant (a revision).
 * <p>
 * An observation is accepted when its series id is in market.yaml, its value finite, its observation date not
 * after today (UTC), an explicit published_at not in the future nor before the observation date, and it does not
 * repeat an earlier row of the same input: (series, date, published_at) for rows with a publication time (an
 * ALFRED file has several vintages of one date), (series, date) for rows without one.
 */
public final class MacroRules {

    private final MarketConfig market;
    private final Instant now;
    private final Map<String, Integer> firstRow = new HashMap<>();

    public MacroRules(MarketConfig market, Clock clock) {
        this.market = market;
        this.now = clock.instant();
    }

    /** The default publication instant of an observation (see the class comment). */
    public static Instant defaultPublishedAt(MarketConfig.MacroSeries series, LocalDate observationDate) {
        return series.anchorDate(observationDate).plusDays(series.publicationDelayDays()).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /**
     * Checks one observation; returns it with published_at resolved, or null when it is rejected (the reason is
     * added to {@code errors}).
     */
    public MacroRow check(int row, String seriesId, LocalDate date, double value, Instant publishedAt,
            RowErrors errors) {
        var series = seriesId == null ? java.util.Optional.<MarketConfig.MacroSeries>empty() : market.series(seriesId);
        boolean ok = true;
        if (series.isEmpty()) {
            errors.add(row, "unknown series id '" + seriesId + "'; known: " + market.macroSeries().stream()
                    .map(MarketConfig.MacroSeries::id).toList() + " (config/market.yaml)");
            ok = false;
        }
        if (date == null) {
            errors.add(row, "observation date is missing (expected YYYY-MM-DD)");
            return null;
        }
        if (!Double.isFinite(value)) {
            errors.add(row, "value must be a finite number, got " + value);
            ok = false;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (date.isAfter(today)) {
            errors.add(row, "observation date " + date + " is in the future (today is " + today + " UTC)");
            ok = false;
        }
        if (publishedAt != null) {
            if (publishedAt.isAfter(now)) {
                errors.add(row, "published_at " + publishedAt + " is in the future (now " + now + ")");
                ok = false;
            }
            if (publishedAt.isBefore(date.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                errors.add(row, "published_at " + publishedAt + " is before the observation date " + date);
                ok = false;
            }
        }
        if (seriesId != null) {
            Integer first = firstRow.putIfAbsent(seriesId + "|" + date + "|" + publishedAt, row);
            if (first != null) {
                errors.add(row, seriesId + " " + date + (publishedAt == null ? "" : " published " + publishedAt)
                        + " repeats row " + first + "; each observation (vintage) may appear once");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        Instant published = publishedAt != null ? publishedAt : defaultPublishedAt(series.get(), date);
        return new MacroRow(row, new MacroObservation(seriesId, date, value, published), publishedAt != null);
    }
}
