package co.usdcop.gate.inference;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("One model's decision on one bar")
public record Signal(
        long id,
        String modelId,
        @Description("Bar open time (UTC)") Instant ts,
        @Description("Policy output; null when the policy was not run") Double rawAction,
        @Description("-1 short USD, 0 flat, +1 long USD") int signal,
        @Description("Position held after this bar") int positionAfter,
        SignalReason reason,
        @Description("From the tick's start (feature read) to this decision, microseconds; the insert is not included")
        long latencyMicros,
        @Description("Production contract used (null for shadow rows)") Long contractId,
        @Description("Feature row used: ts and feature-contract version") Instant featureTs,
        String featureContractVersion,
        Double dataQualityScore,
        @Description("Scored in shadow (staging model); never a production signal") boolean shadow,
        @Description("Written by replay mode over stored bars with a simulated clock; never a live signal")
        boolean replay,
        Instant createdAt) {
}
