package co.usdcop.gate.monitoring;

import org.eclipse.microprofile.graphql.Description;

/** Drift of one market feature: window vs the model's training range. */
@Description("Drift of one feature, recent window vs training range")
public record FeatureDrift(
        @Description("Feature name, feature-contract order") String feature,
        @Description("Population stability index over training-range deciles; null if not enough data") Double psi,
        @Description("Two-sample Kolmogorov-Smirnov statistic D, 0..1; null if not enough data") Double ks,
        @Description("Asymptotic p-value of D (informative)") Double ksPValue,
        DriftLevel level,
        @Description("Mean in the training range, raw units") Double referenceMean,
        @Description("Mean in the window, raw units") Double windowMean,
        @Description("Training-range rows with a value") int referenceRows,
        @Description("Window rows with a value") int windowRows,
        @Description("Window rows where the feature was missing") int windowMissing) {
}
