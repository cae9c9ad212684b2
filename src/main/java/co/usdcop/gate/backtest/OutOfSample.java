package co.usdcop.gate.backtest;

import java.time.LocalDate;

/**
 * The out-of-sample rule: a backtest over [from, to] is out of sample only if it shares no date with the model's
 * training range [trainStart, trainEnd] (both inclusive). Computed by the service from the model's lineage, never
 * taken from the caller. A model without a known training range is not out of sample (nothing proves it). The service
 * applies it twice: to the experiment's declared {@code train_range} and to the bar range of the model's training
 * dataset when the service exported it ({@code BacktestService}); both must hold.
 */
public final class OutOfSample {

    private OutOfSample() {
    }

    public static boolean isOutOfSample(LocalDate from, LocalDate to, LocalDate trainStart, LocalDate trainEnd) {
        if (from == null || to == null || from.isAfter(to)) {
            throw new IllegalArgumentException("the backtest period needs a start on or before its end");
        }
        if (trainStart == null || trainEnd == null) {
            return false;
        }
        return to.isBefore(trainStart) || from.isAfter(trainEnd);
    }
}
