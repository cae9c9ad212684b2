package co.usdcop.gate.market;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("A stored 5-minute bar")
public record BarView(
        @Description("Bar open time, UTC") Instant ts,
        double open, double high, double low, double close, double volume,
        @Description("Where the bar came from, e.g. csv, api, synthetic") String source) {
}
