package co.usdcop.gate.promotion;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("A vote on a proposal: the automatic first vote or a human vote")
public record VoteView(
        @Description("AUTO or HUMAN") String kind,
        String voterSubject,
        String voterName,
        String voterEmail,
        @Description("APPROVE, REJECT or REQUEST_MORE_TESTS") String decision,
        Checklist checklist,
        String comment,
        @Description("An APPROVE over a failed automatic vote") boolean override,
        Instant createdAt,
        @Description("The proposal's round the vote belongs to") int round,
        @Description("The evidence hash the vote was cast on (null on votes older than vote-time evidence)")
        String evidenceHash) {

    static VoteView of(Vote v) {
        return new VoteView(v.kind, v.voterSubject, v.voterName, v.voterEmail, v.decision,
                new Checklist(v.backtestReviewed, v.metricsAcceptable, v.teamNotified), v.comment, v.override,
                v.createdAt, v.round, v.evidenceHash);
    }
}
