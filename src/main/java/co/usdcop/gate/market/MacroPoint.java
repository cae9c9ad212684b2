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
        @Description("Versions of this date published at or before asOf (more than 1: revised)") int versions) {

    @Description("Whether the date had been revised by asOf (more than one version)")
    public boolean revised() {
        return versions > 1;
    }
}
