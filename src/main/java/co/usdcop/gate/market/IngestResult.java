package co.usdcop.gate.market;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("What one ingestion wrote: identical rows are counted as unchanged and not rewritten")
public record IngestResult(
        @Description("bars or macro") String kind,
        @Description("Rows received with a value") int received,
        @Description("New rows") int inserted,
        @Description("Existing rows whose values changed") int updated,
        @Description("Existing rows already identical") int unchanged,
        @Description("FRED lines without a value ('.' or empty), skipped") int skippedMissing,
        @Description("Earliest bar time or observation date (UTC start of day) received") Instant first,
        @Description("Latest bar time or observation date (UTC start of day) received") Instant last,
        @Description("source label stored on the rows") String source) {
}
