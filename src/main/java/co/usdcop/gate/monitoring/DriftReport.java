package co.usdcop.gate.monitoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/**
 * The drift of a model's 13 market features: the last {@code windowDays} trading dates of the feature store up to
 * {@code asOf} against the model's training range (its experiment's train_start..train_end). {@code level} is the
 * worst feature's level. On-demand reports have no id; the daily job stores one per model and day.
 */
@Description("Feature drift of a model: recent window vs its training range")
public record DriftReport(
        @Description("Stored report id; null for an on-demand report") Long id,
        String modelId,
        @Description("The report looks at feature rows up to this instant") Instant asOf,
        @Description("Trading dates in the window") int windowDays,
        @Description("First bar of the window") Instant windowFrom,
        @Description("Last bar of the window") Instant windowTo,
        @Description("Feature rows in the window") int windowRows,
        @Description("Training range start (reference)") LocalDate referenceFrom,
        @Description("Training range end (reference)") LocalDate referenceTo,
        @Description("Feature rows in the training range") int referenceRows,
        @Description("True if the window lies partly inside the training range (drift is then understated)")
        boolean windowOverlapsTraining,
        @Description("Worst feature level") DriftLevel level,
        @Description("Largest feature PSI") Double maxPsi,
        @Description("Largest feature KS statistic") Double maxKs,
        @Description("One entry per market feature, contract order") List<FeatureDrift> features,
        @Description("How current the market data is") Freshness freshness,
        @Description("Who produced it: the monitoring job or a user's subject") String runBy,
        Instant createdAt) {

    /** Age of the newest stored bar when the report was made. */
    @Description("Age of the newest stored bar")
    public record Freshness(
            @Description("Newest stored bar (open time)") Instant newestBarTs,
            @Description("Minutes from that bar's close to asOf") Long ageMinutes,
            @Description("asOf falls inside a trading session") boolean inSession,
            @Description("In session and older than quality.max_bar_age_minutes") boolean stale) {
    }
}
