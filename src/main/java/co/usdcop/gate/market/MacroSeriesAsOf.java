package co.usdcop.gate.market;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/** A macro series as it was known at one instant. */
@Description("A macro series as known at asOf (point in time): each date's newest version published by then")
public record MacroSeriesAsOf(
        @Description("Series id of config/market.yaml") String seriesId,
        @Description("The instant the series is read as of") Instant asOf,
        @Description("Observation dates in the requested range, oldest first") List<MacroPoint> points) {
}
