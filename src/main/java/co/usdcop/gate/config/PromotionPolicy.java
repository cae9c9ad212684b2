package co.usdcop.gate.config;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;

/** Thresholds, vote policy, expiry and override rules of {@code config/promotion.yaml}. */
public record PromotionPolicy(
        String version,
        double improvementThreshold,
        int proposalExpiryDays,
        int minReasonLength,
        String expiryJobCron,
        List<String> checklist,
        String overrideRole,
        int overrideMinReasonLength,
        Map<Stage, StagePolicy> stages) {

    /** Target stages a proposal can ask for. */
    public enum Stage {
        STAGING, PRODUCTION;

        public String key() {
            return name().toLowerCase();
        }
    }

    @Description("What a target stage requires")
    public record StagePolicy(
            @Description("staging or production") Stage stage,
            @Description("Minimum annualised Sharpe of daily returns") double minSharpe,
            @Description("Minimum fraction of winning round trips") double minWinRate,
            @Description("Maximum peak-to-trough drawdown, a positive fraction") double maxDrawdown,
            @Description("Minimum number of round trips") int minTrades,
            @Description("Days the model must have been in staging before this stage") int minStagingDays,
            @Description("Whether the automatic vote must pass") boolean autoVote,
            @Description("Human APPROVE votes required") int humanApprovals) {
    }

    public StagePolicy stage(Stage stage) {
        return stages.get(stage);
    }
}
