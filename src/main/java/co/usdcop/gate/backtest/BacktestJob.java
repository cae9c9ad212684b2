package co.usdcop.gate.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;

/**
 * A submitted backtest as the shared queue sees it (any replica reads the same); once completed, {@code id} is also the stored backtest's id. A progress
 * event also carries the round trips closed since the previous event ({@code newTrades}, at most
 * {@link BacktestJobs#MAX_TRADES_PER_EVENT}, the newest when more closed; {@code newTradesOmitted} counts the rest);
 * a snapshot read with {@code backtestJob} carries none.
 */
@Description("A backtest in the queue, running, or finished")
public record BacktestJob(
        UUID id,
        String modelId,
        LocalDate periodStart,
        LocalDate periodEnd,
        @Description("validation, test or custom") String periodType,
        @Description("queued, running, completed, failed or cancelled") String status,
        @Description("Bars evaluated so far") int barsDone,
        @Description("Bars in the period (0 until the rows are loaded)") int barsTotal,
        @Description("Percent done, 0..100") double percent,
        @Description("Round trips of the finished backtest") Integer trades,
        @Description("Round trips closed so far") int tradesClosed,
        @Description("Progress events: the round trips closed since the previous event, in closing order (at most 50,"
                + " the newest when more closed); empty in a snapshot") List<RoundTrip> newTrades,
        @Description("Progress events: round trips closed since the previous event but not in newTrades")
        int newTradesOmitted,
        @Description("Why it failed, when it did") String error,
        String createdBy,
        Instant submittedAt,
        @Description("Run of this backtest (1 for the first; a replica that stopped answering makes another replica"
                + " run it again from the start, and the counts of an event with a higher attempt start over)")
        int attempt,
        @Description("The run charges transaction_cost_bps × this; 1 is the cost in force, any other multiplier a"
                + " what-if run that cannot back a proposal") double costMultiplier) {

    /** The {@link #status} as its type. */
    @Ignore
    public BacktestStatus state() {
        return BacktestStatus.of(status);
    }

    public boolean finished() {
        return state().finished();
    }
}
