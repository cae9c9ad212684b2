package co.usdcop.gate.promotion;

import co.usdcop.gate.robustness.RobustnessCriterionPreview;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/** What the automatic vote would say of a proposal before it is made: nothing is written. */
@Description("The criteria a proposal would be judged on now, before it is submitted (nothing is stored)")
public record ProposalPreview(
        @Description("staging or production") String targetStage,
        @Description("The model's stage now") String modelStage,
        @Description("The stage a model must be in for this proposal") String requiredStage,
        @Description("Each criterion against the threshold in force, with the threshold's source") List<CriterionResult> criteria,
        @Description("The robustness criteria the automatic vote will also judge (deflated Sharpe, Sharpe at a cost"
                + " multiplier, positive quarters), with threshold and source; empty when robustness evaluation is off"
                + " or the stage requires none") List<RobustnessCriterionPreview> robustnessCriteria,
        @Description("Days the model must have spent in staging (production only); null for staging") Integer minStagingDays,
        @Description("Days it has spent in staging so far (production only)") Double stagingDays,
        @Description("The production model the candidate will be compared with on the same period; null if none") String productionModelId,
        @Description("True if the automatic vote will compare with the production model") boolean comparedWithProduction,
        @Description("Sharpe improvement over production the automatic vote requires (fraction)") double improvementThreshold,
        @Description("Human approvals the target stage needs after the automatic vote") int humanApprovals,
        @Description("Shortest reason accepted (characters)") int minReasonLength) {
}
