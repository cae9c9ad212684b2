package co.usdcop.gate.promotion;

import org.eclipse.microprofile.graphql.Description;

@Description("Whether the caller may cast the human vote on a proposal, and why not")
public record VoteEligibility(
        boolean canVote,
        @Description("Why the caller may not vote (null when allowed)") String reason,
        @Description("An APPROVE would override a failed automatic vote: admin role and a written reason needed")
        boolean overrideRequired) {
}
