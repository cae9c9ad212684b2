package co.usdcop.gate.robustness;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.promotion.Proposal;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

/** The {@code robustness} field of a proposal, for the review card. */
@GraphQLApi
@GraphQLErrorBoundary
public class RobustnessGraphQLApi {

    @Inject
    RobustnessEvaluation evaluation;

    @Description("Deflated Sharpe, cost stress and quarterly stability the automatic vote judged (newest evaluation);"
            + " null when none was made")
    public RobustnessReport robustness(@Source Proposal proposal) {
        return evaluation.latest(proposal.id());
    }
}
