package co.usdcop.gate.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

/** A submitted backtest as the queue sees it; once completed, {@code id} is also the stored backtest's id. */
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
        @Description("Why it failed, when it did") String error,
        String createdBy,
        Instant submittedAt) {

    public boolean finished() {
        return !status.equals("queued") && !status.equals("running");
    }
}
