package co.usdcop.gate.config;

import org.eclipse.microprofile.graphql.Description;

/** Drift thresholds and live risk limits of {@code config/monitoring.yaml}. */
@Description("Drift thresholds and live risk limits")
public record MonitoringConfig(
        String version,
        @Description("PSI bins: quantiles of the training-range values") int bins,
        @Description("Default drift window, trading dates") int windowDays,
        @Description("Window rows below which drift is not judged") int minWindowRows,
        @Description("Training-range rows below which drift is not judged") int minReferenceRows,
        @Description("PSI at or above this warns") double psiWarn,
        @Description("PSI at or above this alerts") double psiAlert,
        @Description("KS statistic at or above this warns") double ksWarn,
        @Description("KS statistic at or above this alerts") double ksAlert,
        @Description("Floor of an empty bin's proportion in PSI") double proportionFloor,
        @Description("Live drawdown (fraction) of the production paper ledger that trips the kill switch")
        double liveMaxDrawdown) {
}
