package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Ledger;

/**
 * Reports an engine's progress, and — when the listener asks for them — the round trips closed on the bars booked
 * since the previous report, split by the same {@link RoundTrips.Tracker} that makes the final trade list, so the
 * streamed trades are exactly the stored ones. Holds no trade itself: each goes straight to the listener.
 */
final class TradeFeed {

    private final BacktestProgress progress;
    private final Ledger ledger;
    private final int total;
    private final RoundTrips.Tracker tracker;

    private TradeFeed(BacktestProgress progress, Ledger ledger, int total) {
        this.progress = progress;
        this.ledger = ledger;
        this.total = total;
        this.tracker = progress.wantsTrades() ? new RoundTrips.Tracker(ledger.view()) : null;
    }

    static TradeFeed of(BacktestProgress progress, Ledger ledger, int total) {
        return new TradeFeed(progress, ledger, total);
    }

    /** Hands over the newly closed trades, then reports {@code barsDone} and stops the run if it was cancelled. */
    void checkpoint(int barsDone) {
        trades();
        progress.checkpoint(barsDone, total);
    }

    /** The last report: every bar is booked, every trade handed over. */
    void finish() {
        trades();
        progress.progress(total, total);
    }

    private void trades() {
        if (tracker != null) {
            tracker.advance(ledger.booked(), progress::tradeClosed);
        }
    }
}
