package co.usdcop.gate.market;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.graphql.Description;

/** One stored version of a macro observation: the value published at one instant. */
@Description("One version (vintage) of a macro observation: the value as published at publishedAt")
public record MacroVintage(
        @Description("Series id of config/market.yaml") String seriesId,
        @Description("Date the value describes (period start for monthly/quarterly series)") LocalDate observationDate,
        @Description("Value in the series' unit") double value,
        @Description("When this version became known") Instant publishedAt,
        @Description("Source label of the load that stored it") String source) {
}
