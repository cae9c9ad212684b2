package co.usdcop.gate.promotion;

/** What a vote says. REQUEST_MORE_TESTS keeps the proposal open and is shown with it. */
public enum VoteDecision {
    APPROVE, REJECT, REQUEST_MORE_TESTS
}
