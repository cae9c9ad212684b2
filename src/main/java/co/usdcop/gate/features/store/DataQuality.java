package co.usdcop.gate.features.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

@Description("Data quality of a range: bar coverage, macro forward-fill, feature quality scores, series freshness")
public record DataQuality(
        Instant from,
        Instant to,
        @Description("Bars stored in the range") long bars,
        @Description("Session bars the calendar expects in the range (complete bars only)") long expectedBars,
        @Description("expectedBars - bars stored at expected times") long missingBars,
        @Description("Trading days with missing bars (at most 500, oldest first)") List<MissingDay> missingByDay,
        @Description("Feature rows stored for the current contract version") long featureRows,
        @Description("Share of feature rows whose macro inputs were stale (macro_was_ffilled)") Double macroFfilledShare,
        @Description("Mean data_quality_score of the feature rows") Double meanQualityScore,
        @Description("Feature rows below the contract's min_data_quality_score (not traded)") long rowsBelowMinQuality,
        @Description("Feature rows right after missing session bars (ohlcv_was_interpolated)") long rowsAfterMissingBars,
        @Description("The contract's min_data_quality_score") double minDataQualityScore,
        @Description("Per macro series: latest observation and whether it is older than its forward-fill limit")
        List<SeriesFreshness> seriesFreshness,
        @Description("Inputs changed and a recomputation of features is pending") boolean refreshPending) {

    @Description("A trading day with fewer bars than the session has")
    public record MissingDay(LocalDate date, int expected, int present) {
    }

    @Description("Freshness of one macro series at the end of the range (or now, if earlier)")
    public record SeriesFreshness(
            String seriesId,
            String frequency,
            @Description("Latest observation published by the reference time") LocalDate lastObservationDate,
            Instant lastPublishedAt,
            @Description("Days from lastPublishedAt to the reference time") Long ageDays,
            int ffillLimitDays,
            @Description("No observation, or older than the forward-fill limit: features reading it are missing") boolean stale,
            @Description("source of the latest observation, e.g. fred or synthetic") String source) {
    }
}
