package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Splits a {@link BacktestPath} into round trips and attributes every dollar of the equity path to exactly one of
 * them.
 *
 * <p>Attribution, per bar t with E = equity before the bar, p = position held over it, q = position decided at
 * its close, c = cost rate (see {@link BacktestAccounting}):
 * <pre>
 *   holding P&amp;L  E × p × r[t]        → the round trip holding p
 *   exit cost     −E × c × |p|         → the round trip closed at t   (when q ≠ p and p ≠ 0)
 *   entry cost    −E × c × |q|         → the round trip opened at t   (when q ≠ p and q ≠ 0)
 * </pre>
 * Positions are −1, 0 or +1, so a change always has |q − p| = |p| + |q| and the three parts add up to the bar's
 * equity change: the sum of round-trip P&amp;L equals final − initial equity (flat bars earn nothing). A round trip
 * still open at the end of the path (impossible after a full run, which closes at the last bar) is not listed.
 */
public final class RoundTrips {

    private RoundTrips() {
    }

    public static List<RoundTrip> of(BacktestPath path) {
        List<RoundTrip> out = new ArrayList<>();
        new Tracker(path).advance(path.size(), out::add);
        return out;
    }

    /**
     * The same split, bar by bar, over a path that is still being booked (a {@link BacktestAccounting} ledger's
     * arrays): {@link #advance} reads only bars before {@code until}, so round trips are handed over as soon as the
     * bar that closes them is booked. {@link #of} is this tracker run over a whole path, so both give the same trades.
     */
    static final class Tracker {
        private final BacktestPath path;
        private final Instant[] ts;
        private final double[] closes;
        private final double c;
        private int next;
        private int count;
        private int entryIndex = -1;
        private double entryEquity;
        private double pnl;
        private double prevClose = Double.NaN;

        Tracker(BacktestPath path) {
            this.path = path;
            this.ts = path.columns().ts();
            this.closes = path.columns().close();
            this.c = path.costRate();
        }

        /** Attributes bars [next, until) and hands every round trip closed there to {@code sink}, in order. */
        void advance(int until, Consumer<RoundTrip> sink) {
            for (int t = next; t < until; t++) {
                double close = closes[t];
                int p = path.positionBefore(t);
                int q = path.position()[t];
                double e = path.equityBefore(t);
                if (p != 0) {
                    pnl += e * p * (close / prevClose - 1.0);
                }
                if (q != p) {
                    if (p != 0) {
                        pnl -= e * c * Math.abs(p);
                        String why = q != 0 ? "flip" : exitReason(path.reasonAt(t));
                        sink.accept(new RoundTrip(++count, p, ts[entryIndex], ts[t],
                                closes[entryIndex], close, t - entryIndex, entryEquity, pnl,
                                pnl / entryEquity, why));
                    }
                    if (q != 0) {
                        entryIndex = t;
                        entryEquity = e;
                        pnl = -e * c * Math.abs(q);
                    }
                }
                prevClose = close;
            }
            next = Math.max(next, until);
        }
    }

    /** By {@link Reason} ordinal: {@code signal} for a decision, otherwise the reason's name in lower case. */
    private static final String[] EXIT_REASONS = Arrays.stream(Reason.values())
            .map(r -> r == Reason.DECIDED ? "signal" : r.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private static String exitReason(Reason reason) {
        return EXIT_REASONS[reason.ordinal()];
    }
}
