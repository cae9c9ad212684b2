package co.usdcop.gate.backtest;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

/** Equity at the close of a bar after its trade, and the position decided there. */
@Description("One point of the equity curve")
public record EquityPoint(
        @Description("Bar timestamp (open time, UTC)") Instant ts,
        @Description("Equity after the bar's trade, USD") double equity,
        @Description("Position decided at the bar's close: -1, 0, 1") int position) {
}
