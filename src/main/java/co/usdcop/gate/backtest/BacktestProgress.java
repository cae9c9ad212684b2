package co.usdcop.gate.backtest;

import java.util.concurrent.CancellationException;

/** Progress sink and cancellation flag of a running backtest; called from the engine's thread. */
public interface BacktestProgress {

    /** No reporting, never cancelled. */
    BacktestProgress NONE = new BacktestProgress() {
        @Override
        public void progress(int barsDone, int barsTotal) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** Whether {@link #tradeClosed} should be called (following the trades costs a pass over the booked bars). */
    default boolean wantsTrades() {
        return false;
    }

    /**
     * A round trip closed on a bar booked since the previous report, in closing order, called before that report's
     * {@link #progress}; only when {@link #wantsTrades()}. The same trades, in the same order, as the finished run's.
     */
    default void tradeClosed(RoundTrip trade) {
    }

    /** {@code barsDone} of {@code barsTotal} bars evaluated. */
    void progress(int barsDone, int barsTotal);

    /** Whether the run should stop at the next check (the engine then throws {@link CancellationException}). */
    boolean cancelled();

    /** Reports and stops the run if cancelled. */
    default void checkpoint(int barsDone, int barsTotal) {
        if (cancelled()) {
            throw new CancellationException("backtest cancelled after " + barsDone + " of " + barsTotal + " bars");
        }
        progress(barsDone, barsTotal);
    }
}
