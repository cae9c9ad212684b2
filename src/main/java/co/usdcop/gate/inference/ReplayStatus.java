package co.usdcop.gate.inference;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("Replay mode: stored bars walked with a simulated clock; every signal it writes is marked replay")
public record ReplayStatus(
        ReplayState state,
        @Description("Whether this deployment allows replay (usdcop.replay.enabled)") boolean enabled,
        @Description("First bar of the range (open time, UTC)") Instant from,
        @Description("Last bar of the range (open time, UTC)") Instant to,
        @Description("Simulated time per wall time: one bar every bar_minutes / speed") Double speed,
        @Description("Wall-clock seconds between two replayed bars") Double secondsPerBar,
        int barsTotal,
        int barsDone,
        @Description("Open time of the last replayed bar") Instant currentBarTs,
        @Description("The simulated clock at the last replayed bar: its close + tick_delay_seconds") Instant simulatedNow,
        @Description("Replay signal rows written (production and shadow)") int signalsWritten,
        @Description("Outcome of the last replayed tick: the production reason, NO_CONTRACT, ...") String lastOutcome,
        String startedBy,
        Instant startedAt,
        String stoppedBy,
        Instant finishedAt,
        @Description("Rows of the previous replay removed when this one started") int previousRowsDeleted,
        @Description("Why it failed, or what to do") String message) {

    static ReplayStatus idle(boolean enabled) {
        return new ReplayStatus(ReplayState.IDLE, enabled, null, null, null, null, 0, 0, null, null, 0, null, null,
                null, null, null, 0, enabled ? null : "Replay is disabled on this deployment (usdcop.replay.enabled).");
    }
}
