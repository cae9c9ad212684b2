package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Ledger;
import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import java.util.List;

/**
 * Same result as {@link ReferenceBacktestEngine}, fast. The position held before a decision is the only input that
 * depends on the path, and it takes only three values (−1, 0, +1). So the policy is evaluated on rows
 * {@code (bar, position)} in batched {@link Policy#actBatch} calls of {@code chunk_rows} rows (a few thousand: large
 * enough to amortise the native call, small enough to stay in cache), each row at most once, and a tight loop then
 * walks the path through the same {@link Ledger} as the reference engine, picking for each bar the precomputed
 * action of the position actually held.
 *
 * <p>Which rows are evaluated depends on the {@link Mode}:
 * <ul>
 *   <li>{@link Mode#ALL_POSITIONS}: all three positions of every decided bar (3 rows per bar), one pass;</li>
 *   <li>{@link Mode#SPECULATIVE} (default): position 0 for every bar first; then walks that follow the path as far
 *       as it is known and, past the first missing row, guess the decision from the position-0 action and request
 *       the rows the guessed path needs; each pass makes at least the first missing row exact. After
 *       {@value #MAX_SPECULATIVE_PASSES} passes every still-missing position of the unresolved bars is evaluated
 *       (the three-row rule), so the worst case is bounded by {@link Mode#ALL_POSITIONS}' rows plus a few walks.
 *       Typical policies need 1–2 rows per bar.</li>
 * </ul>
 * Rows are built by {@link BacktestAccounting#observation} exactly as the reference engine builds them, and every
 * action comes from the row of the position actually held, so the path is identical to the reference engine's
 * whenever the policy's batched and single-row outputs agree (they do for ONNX Runtime's MLP kernels: see the
 * benchmark's check).
 */
public final class FastBacktestEngine implements BacktestEngine {

    /** Which observation rows are evaluated. */
    public enum Mode {
        /** All three positions of every bar. */
        ALL_POSITIONS,
        /** Position 0 first, then the rows the (guessed) path needs; falls back to all positions. */
        SPECULATIVE
    }

    static final int MAX_SPECULATIVE_PASSES = 6;

    private final Mode mode;

    public FastBacktestEngine() {
        this(Mode.SPECULATIVE);
    }

    public FastBacktestEngine(Mode mode) {
        this.mode = mode;
    }

    @Override
    public BacktestPath run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
            BacktestProgress progress) {
        BacktestAccounting.validate(bars, stats, policy.inputWidth(), settings);
        int n = bars.size();
        byte[] reasons = new byte[n];
        double minQuality = settings.minDataQualityScore();
        for (int t = 0; t < n; t++) {
            reasons[t] = (byte) BacktestAccounting.eligibility(bars.get(t), t, n, minQuality).ordinal();
        }
        Rows rows = new Rows(bars, stats, policy, settings, progress);
        progress.checkpoint(0, n);
        if (mode == Mode.ALL_POSITIONS) {
            requestAllPositions(rows, reasons, 0);
        } else {
            speculate(rows, reasons, settings);
        }

        Ledger ledger = new Ledger(bars, settings);
        float[] actions = rows.actions;
        for (int t = 0; t < n; t++) {
            if (reasons[t] == DECIDED) {
                float action = actions[3 * t + ledger.heldPosition() + 1];
                ledger.step(settings.signal(action), action, Reason.DECIDED);
            } else {
                ledger.step(0, Float.NaN, Reason.of(reasons[t]));
            }
        }
        progress.progress(n, n);
        return ledger.finish();
    }

    private static final byte DECIDED = (byte) Reason.DECIDED.ordinal();

    private static void requestAllPositions(Rows rows, byte[] reasons, int from) {
        for (int t = from; t < reasons.length; t++) {
            if (reasons[t] == DECIDED) {
                rows.request(t, -1);
                rows.request(t, 0);
                rows.request(t, 1);
            }
        }
        rows.flush();
    }

    private static void speculate(Rows rows, byte[] reasons, BacktestSettings settings) {
        int n = reasons.length;
        for (int t = 0; t < n; t++) {
            if (reasons[t] == DECIDED) {
                rows.request(t, 0);
            }
        }
        rows.flush();
        int exact = 0;        // the path is exact for bars [0, exact)
        int heldAtExact = 0;  // position held before bar `exact`
        for (int pass = 0; pass < MAX_SPECULATIVE_PASSES && exact < n; pass++) {
            boolean guessing = false;
            int held = heldAtExact;
            for (int t = exact; t < n; t++) {
                int decision;
                if (reasons[t] != DECIDED) {
                    decision = 0;
                } else if (rows.known(t, held)) {
                    decision = settings.signal(rows.action(t, held));
                } else {
                    rows.request(t, held);
                    guessing = true;
                    decision = settings.signal(rows.action(t, 0));
                }
                if (!guessing) {
                    exact = t + 1;
                    heldAtExact = decision;
                }
                held = decision;
            }
            rows.flush();
            rows.progress.checkpoint(exact, n);
        }
        if (exact < n) {
            requestAllPositions(rows, reasons, exact);
        }
    }

    /** Queues (bar, position) rows, evaluates them in chunks and remembers every action. */
    private static final class Rows {
        final List<FeatureVector> bars;
        final NormStats stats;
        final Policy policy;
        final BacktestSettings settings;
        final BacktestProgress progress;
        final int width;
        final int chunkRows;
        final float[] buffer;
        final float[] chunkActions;
        final int[] slot;
        /** actions[3t + position + 1]: the action at bar t with {@code position} held before it. */
        final float[] actions;
        /** Bit (position + 1) set once that row is queued; its action is valid after the next flush. */
        final byte[] queued;
        final byte[] known;
        int pending;

        Rows(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
                BacktestProgress progress) {
            this.bars = bars;
            this.stats = stats;
            this.policy = policy;
            this.settings = settings;
            this.progress = progress;
            this.width = policy.inputWidth();
            this.chunkRows = settings.chunkRows();
            this.buffer = new float[chunkRows * width];
            this.chunkActions = new float[chunkRows];
            this.slot = new int[chunkRows];
            int n = bars.size();
            this.actions = new float[3 * n];
            this.queued = new byte[n];
            this.known = new byte[n];
        }

        boolean known(int t, int position) {
            return (known[t] & (1 << (position + 1))) != 0;
        }

        float action(int t, int position) {
            return actions[3 * t + position + 1];
        }

        void request(int t, int position) {
            int bit = 1 << (position + 1);
            if ((queued[t] & bit) != 0) {
                return;
            }
            queued[t] |= (byte) bit;
            BacktestAccounting.observation(bars.get(t), stats, settings, position, buffer, pending * width);
            slot[pending++] = 3 * t + position + 1;
            if (pending == chunkRows) {
                flush();
                progress.checkpoint(t + 1, bars.size());
            }
        }

        void flush() {
            if (pending == 0) {
                return;
            }
            policy.actBatch(buffer, pending, chunkActions);
            for (int i = 0; i < pending; i++) {
                int s = slot[i];
                actions[s] = chunkActions[i];
                known[s / 3] |= (byte) (1 << (s % 3));
            }
            pending = 0;
        }
    }
}
