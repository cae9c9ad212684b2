package co.usdcop.gate.backtest;

import co.usdcop.gate.backtest.BacktestAccounting.Ledger;
import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import java.util.Arrays;
import java.util.List;

/**
 * Same result as {@link ReferenceBacktestEngine}, fast: the policy is evaluated in large batched
 * {@link Policy#actBatch} calls, and mostly only for the position the path actually holds (about one row per bar
 * instead of the three rows of "every position of every bar").
 *
 * <h2>Why this is exact</h2>
 * The action at bar t depends only on the bar's features and the position held before it: call it
 * {@code a(t, p)}, p ∈ {−1, 0, +1}. The path is the recurrence {@code p[t+1] = signal(a(t, p[t]))} (flat after a bar
 * that is not traded). Two facts make it parallel:
 * <ol>
 *   <li>a(t, p) has no memory, so two paths that hold the same position at the same bar are identical from there on
 *       ("they merge");</li>
 *   <li>the position held at any bar is one of only three values.</li>
 * </ol>
 *
 * <h2>Algorithm</h2>
 * Bars are processed in windows. A window is cut into <em>lanes</em> of at least {@value #LANE_BARS} bars. The first
 * lane starts from the position actually held (known: the previous window has been booked); every other lane starts
 * one walker from each of the three possible positions (one walker, flat, when the bar before the lane was not
 * traded). All walkers of all lanes advance together, one bar per step: each step gathers the row
 * (t, p) every walker needs into one batch, evaluates it with {@link Policy#actBatch} and records a(t, p). A walker
 * that reaches a (t, p) another walker of its lane has already visited or requested stops — its future is that
 * walker's future (fact 1) — so after a few bars the three walkers of a lane have usually merged into one, and the
 * lane costs about one row per bar. Whatever position the lane really starts with, its path is among the walked
 * ones (fact 2), so every a(t, p) the real path needs is known; the window is then booked bar by bar through the
 * same {@link Ledger} as the reference engine.
 *
 * <p>Cost: rows = bars + the rows walked before walkers merge; a policy whose paths never merge (one that always
 * does the opposite of its position, say) costs three rows per bar, the cost of evaluating every position. Calls =
 * bars per lane, each of about one row per lane (a few hundred to a few thousand rows), so the ONNX Runtime call
 * overhead (a few µs) is spread thin.
 *
 * <p>Each bar is read once, in one pass per window: checked with {@link BacktestAccounting}'s rules (a bad bar fails the
 * run with the same message as the reference engine's, after the earlier windows were reported), its close, time and
 * date kept, its observation row built: a million bar objects fit in no cache, so every pass over them costs tens of
 * nanoseconds a bar.
 *
 * <p>Rows are built by {@link BacktestAccounting#observation} exactly as the reference engine builds them, so with a
 * policy whose batched and single-row outputs agree the two engines give identical paths (ONNX Runtime's MLP kernels
 * agree bit for bit whatever the batch size: EngineEquivalenceTest and BacktestBench check it).
 */
public final class FastBacktestEngine implements BacktestEngine {

    /** Shortest lane: long enough that the rows spent before a lane's walkers merge are a small share. */
    static final int LANE_BARS = 128;
    /** At most this many lanes per window (bounds the window buffers whatever chunk_rows is). */
    private static final int MAX_LANES = 1 << 14;
    /** Steps between progress checkpoints within a window. */
    private static final int STEPS_PER_CHECKPOINT = 32;

    private static final byte UNKNOWN = 0;
    private static final byte PENDING = 1;
    private static final byte KNOWN = 2;
    private static final byte DECIDED = (byte) Reason.DECIDED.ordinal();

    @Override
    public BacktestPath run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
            BacktestProgress progress) {
        BacktestAccounting.checkShape(bars, stats, policy.inputWidth());
        BacktestPath.Columns.Builder columns = new BacktestPath.Columns.Builder(bars.size());
        Ledger ledger = new Ledger(bars, columns.partial(), settings);
        new Run(bars, stats, policy, settings, progress, ledger, columns).all();
        return ledger.finish(columns.build());
    }

    /** The state of one run: window buffers, walkers and the batch. */
    private static final class Run {
        private final List<FeatureVector> bars;
        private final NormStats stats;
        private final Policy policy;
        private final BacktestSettings settings;
        private final Ledger ledger;
        private final BacktestPath.Columns.Builder columns;
        private final TradeFeed feed;
        private final int n;
        private final int width;
        private final int positionColumn;
        private final int maxLanes;
        private final int windowBars;
        // per window, indexed by bar − windowStart (reasons) or 3 × (bar − windowStart) + position + 1 (the rest)
        private final byte[] reasons;
        private final float[] observations;
        private final float[] actions;
        private final byte[] state;
        // walkers: current bar, position held before it, end of its lane
        private final int[] walkerBar;
        private final int[] walkerPosition;
        private final int[] walkerEnd;
        private int walkers;
        // the batch: one row per waiting walker, in walker order
        private final float[] rows;
        private final float[] out;
        private final int[] rowIndex;
        private int batch;
        private int windowStart;
        private FeatureVector previous;

        Run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
                BacktestProgress progress, Ledger ledger, BacktestPath.Columns.Builder columns) {
            this.bars = bars;
            this.columns = columns;
            this.stats = stats;
            this.policy = policy;
            this.settings = settings;
            this.ledger = ledger;
            this.feed = TradeFeed.of(progress, ledger, bars.size());
            this.n = bars.size();
            this.width = policy.inputWidth();
            this.positionColumn = width - 2;
            // about chunk_rows / 3 lanes: the first steps (three walkers a lane) fill about one chunk
            this.maxLanes = Math.max(1, Math.min(MAX_LANES, settings.chunkRows() / 3));
            // windows of at most maxLanes lanes, all of about the same length
            int windows = (int) ((n + (long) maxLanes * LANE_BARS - 1) / ((long) maxLanes * LANE_BARS));
            this.windowBars = (n + windows - 1) / windows;
            this.reasons = new byte[windowBars];
            this.observations = new float[windowBars * width];
            this.actions = new float[3 * windowBars];
            this.state = new byte[3 * windowBars];
            int maxWalkers = 3 * maxLanes;
            this.walkerBar = new int[maxWalkers];
            this.walkerPosition = new int[maxWalkers];
            this.walkerEnd = new int[maxWalkers];
            this.rows = new float[maxWalkers * width];
            this.out = new float[maxWalkers];
            this.rowIndex = new int[maxWalkers];
        }

        void all() {
            feed.checkpoint(0);
            for (int start = 0; start < n; start += windowBars) {
                window(start, Math.min(n, start + windowBars));
            }
        }

        private void window(int start, int end) {
            windowStart = start;
            int len = end - start;
            double minQuality = settings.minDataQualityScore();
            // one sequential pass over the window's bars: checked, their columns read, why each is (not) decided, and
            // its observation row with position 0
            int m = stats.mean().length;
            for (int t = start; t < end; t++) {
                FeatureVector bar = bars.get(t);
                BacktestAccounting.checkBar(bar, previous, m, settings);
                columns.add(bar);
                previous = bar;
                Reason why = BacktestAccounting.eligibility(bar, t, n, minQuality);
                reasons[t - start] = (byte) why.ordinal();
                if (why == Reason.DECIDED) {
                    BacktestAccounting.observation(bar, stats, settings, 0, observations, (t - start) * width);
                }
            }
            Arrays.fill(state, 0, 3 * len, UNKNOWN);

            int lanes = Math.max(1, Math.min(maxLanes, len / LANE_BARS));
            int laneLen = (len + lanes - 1) / lanes;
            walkers = 0;
            for (int s = start; s < end; s += laneLen) {
                int e = Math.min(end, s + laneLen);
                if (s == start) {
                    addWalker(s, ledger.heldPosition(), e);
                } else if (reasons[s - 1 - start] != DECIDED) {
                    addWalker(s, 0, e); // flattened at the bar before the lane
                } else {
                    addWalker(s, -1, e);
                    addWalker(s, 0, e);
                    addWalker(s, 1, e);
                }
            }
            walk(start, len, laneLen);
            book(start, end);
            if (end < n) {
                feed.checkpoint(end);
            } else {
                feed.finish();
            }
        }

        private void addWalker(int bar, int position, int end) {
            walkerBar[walkers] = bar;
            walkerPosition[walkers] = position;
            walkerEnd[walkers] = end;
            walkers++;
        }

        /** Advances every walker until all have reached their lane's end or merged. */
        private void walk(int start, int len, int laneLen) {
            batch = 0;
            int live = 0;
            for (int i = 0; i < walkers; i++) {
                if (advance(i)) {
                    keep(i, live++);
                }
            }
            walkers = live;
            int steps = 0;
            while (walkers > 0) {
                policy.actBatch(rows, batch, out);
                for (int j = 0; j < batch; j++) {
                    int idx = rowIndex[j];
                    actions[idx] = out[j];
                    state[idx] = KNOWN;
                }
                int previous = batch;
                batch = 0;
                live = 0;
                for (int i = 0; i < previous; i++) {
                    // walker i asked for row i: take its decision, then go on to the next row it needs
                    walkerPosition[i] = settings.signal(out[i]);
                    walkerBar[i]++;
                    if (advance(i)) {
                        keep(i, live++);
                    }
                }
                walkers = live;
                if (++steps % STEPS_PER_CHECKPOINT == 0) {
                    feed.checkpoint(start + (int) Math.min(len, (long) steps * len / laneLen) - 1);
                }
            }
        }

        /**
         * Moves walker i over untraded bars and over nothing else; stops at the first row it needs (queued into the
         * batch: true) or at its lane's end or at a row another walker of its lane owns (false).
         */
        private boolean advance(int i) {
            int t = walkerBar[i];
            int p = walkerPosition[i];
            int end = walkerEnd[i];
            while (t < end) {
                if (reasons[t - windowStart] != DECIDED) {
                    p = 0;
                    t++;
                    continue;
                }
                int idx = 3 * (t - windowStart) + p + 1;
                if (state[idx] != UNKNOWN) {
                    return false; // merged: the walker that owns (t, p) walks on from here
                }
                state[idx] = PENDING;
                int row = batch * width;
                System.arraycopy(observations, (t - windowStart) * width, rows, row, width);
                rows[row + positionColumn] = p;
                rowIndex[batch++] = idx;
                walkerBar[i] = t;
                walkerPosition[i] = p;
                return true;
            }
            return false;
        }

        /** Compacts walker i to slot j (slots follow the batch order). */
        private void keep(int i, int j) {
            if (i != j) {
                walkerBar[j] = walkerBar[i];
                walkerPosition[j] = walkerPosition[i];
                walkerEnd[j] = walkerEnd[i];
            }
        }

        /** Books the window bar by bar with the actions of the position actually held. */
        private void book(int start, int end) {
            for (int t = start; t < end; t++) {
                byte why = reasons[t - start];
                if (why == DECIDED) {
                    int idx = 3 * (t - start) + ledger.heldPosition() + 1;
                    if (state[idx] != KNOWN) {
                        throw new IllegalStateException("no action evaluated for bar " + t + " at position "
                                + ledger.heldPosition());
                    }
                    float action = actions[idx];
                    ledger.step(settings.signal(action), action, Reason.DECIDED);
                } else {
                    ledger.step(0, Float.NaN, Reason.of(why));
                }
            }
        }
    }
}
