package co.usdcop.gate.monitoring;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/** What one monitoring run did. */
@Description("One monitoring run: drift reports stored, alerts raised, live risk checked")
public record MonitoringRun(
        Instant ranAt,
        @Description("Drift reports stored, one per production or staging model with a training range")
        List<DriftReport> reports,
        @Description("Models skipped and why") List<String> skipped,
        @Description("New alerts raised by this run") int alertsRaised,
        @Description("Live drawdown of the production model (fraction); null without production signals")
        Double liveDrawdown,
        @Description("This run tripped the kill switch") boolean killSwitchTripped) {
}
