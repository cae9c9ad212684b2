package co.usdcop.gate.market;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

@Description("What one ingestion wrote: identical rows are counted as unchanged and not rewritten")
public record IngestResult(
        @Description("bars or macro") String kind,
        @Description("Rows received with a value") int received,
        @Description("New rows") int inserted,
        @Description("Existing bars whose values changed (always 0 for macro: a changed value is a new vintage)") int updated,
        @Description("Rows already stored as they are (macro: the same vintage, or no publication time and the value "
                + "of the newest stored version)") int unchanged,
        @Description("FRED lines without a value ('.' or empty), skipped") int skippedMissing,
        @Description("Earliest bar time or observation date (UTC start of day) received") Instant first,
        @Description("Latest bar time or observation date (UTC start of day) received") Instant last,
        @Description("source label stored on the rows") String source,
        @Description("Macro: new vintages of dates that already had a version (revisions), included in inserted")
        int revisions,
        @Description("Macro: the first revisions (at most 20, by date), each with the time it was published at")
        List<MacroVintage> revised) {
}
