package co.usdcop.gate.robustness;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.config.ConfigView;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.config.RobustnessPolicy;
import co.usdcop.gate.promotion.Proposal;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

/**
 * The {@code robustness} field of a proposal (the evidence the automatic vote judged, for the review card) and of the
 * configuration (cost multipliers and robustness floors per stage, so the dashboard repeats no threshold).
 */
@GraphQLApi
@GraphQLErrorBoundary
public class RobustnessGraphQLApi {

    @Inject
    RobustnessEvaluation evaluation;

    @Inject
    GateConfig config;

    @Description("Deflated Sharpe, cost stress and quarterly stability the automatic vote judged (newest evaluation);"
            + " null when none was made")
    public RobustnessReport robustness(@Source Proposal proposal) {
        return evaluation.latest(proposal.id());
    }

    /** The robustness part of promotion.yaml as GraphQL reads it. */
    @Description("Cost stress multipliers and robustness criteria of promotion.yaml")
    public record RobustnessConfig(
            @Description("Multiples of transaction_cost_bps the automatic vote re-runs the candidate at")
            List<Double> costMultipliers,
            @Description("Robustness criteria per target stage") List<StageRobustness> stages) {
    }

    /** One stage's robustness floors; null where not required. */
    @Description("Robustness floors of a target stage; null where not required")
    public record StageRobustness(@Description("staging or production") String stage,
            RobustnessPolicy.StageCriteria criteria) {
    }

    @Description("Cost stress multipliers and robustness floors per stage of promotion.yaml")
    public RobustnessConfig robustness(@Source ConfigView configView) {
        RobustnessPolicy policy = config.robustness();
        return new RobustnessConfig(policy.costMultipliers(), Arrays.stream(Stage.values())
                .map(s -> new StageRobustness(s.key(), policy.stage(s))).toList());
    }
}
