package co.usdcop.gate.market;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.graphql.Description;

/** One observation date of a series as known at some instant: its newest version published by then. */
@Description("An observation date as known at asOf: the newest version published at or before it")
public record MacroPoint(
        @Description("Date the value describes (period start for monthly/quarterly series)") LocalDate observationDate,
        @Description("Value of the newest version published at or before asOf") double value,
        @Description("When that version was published") Instant publishedAt,
        @Description("Source label of that version") String source,
        @Description("Versions of this date published at or before asOf") int versions,
        @Description("Whether the date had been revised by asOf (more than one version)") boolean revised) {

    public MacroPoint(LocalDate observationDate, double value, Instant publishedAt, String source, int versions) {
        this(observationDate, value, publishedAt, source, versions, versions > 1);
    }
}
