package co.usdcop.gate.promotion;

import org.eclipse.microprofile.graphql.Description;

@Description("What the reviewer confirms; APPROVE needs all three")
public record Checklist(
        @Description("I reviewed the backtest (metrics, trades, equity curve)") boolean backtestReviewed,
        @Description("The metrics are acceptable for the target stage") boolean metricsAcceptable,
        @Description("The team was told about this promotion") boolean teamNotified) {

    public boolean complete() {
        return backtestReviewed && metricsAcceptable && teamNotified;
    }
}
