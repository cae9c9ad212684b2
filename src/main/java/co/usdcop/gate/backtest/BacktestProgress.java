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
