package co.usdcop.gate.inference;

import org.eclipse.microprofile.graphql.Description;

/** Why a signal is what it is. Stored as text in {@code signals.reason}. */
@Description("Why a signal is what it is")
public enum SignalReason {
    @Description("The policy decided")
    OK,
    @Description("The newest closed bar is older than market.yaml quality.max_bar_age_minutes: flat")
    STALE_DATA,
    @Description("data_quality_score below min_data_quality_score: flat")
    LOW_QUALITY,
    @Description("A market feature is missing (NaN): flat")
    NAN_FEATURE,
    @Description("The kill switch is tripped: flat")
    KILL_SWITCH,
    @Description("The active contract failed validation and no earlier contract was validated: flat")
    CONTRACT_INVALID,
    @Description("The policy failed or returned a non-finite action: flat")
    MODEL_ERROR
}
