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
 * Bars are processed in windows. A window is cut into <em>lanes</em> of at least {@value #LANE_BARS} bars, and all
 * lanes advance together, one bar per step. A lane carries the set of positions its paths can hold before its
 * current bar, as a mask of three bits: the first lane starts from the position actually held (known: the previous
 * window has been booked); every other lane from all three (from flat alone when the bar before the lane was not
 * traded). Each step gathers the rows (t, p) of every lane's set into one batch, evaluates it with
 * {@link Policy#actBatch}, records a(t, p) and moves each lane on to the set {signal(a(t, p))}. Paths that reach the
 * same position at the same bar are one path from there on (fact 1), and a set holds each position once, so after a
 * few bars a lane's three paths have usually merged into one and the lane costs about one row per bar. Whatever
 * position the lane really starts with, its path is among the walked ones (fact 2), so every a(t, p) the real path
 * needs is known; the window is then booked bar by bar through the same {@link Ledger} as the reference engine.
 *
 * <p>Cost: rows = bars + the rows walked before a lane's paths merge; a policy whose paths never merge (one that always
 * does the opposite of its position, say) costs up to three rows per bar, the cost of evaluating every position.
 * Calls = bars per lane, each of about one row per lane (a few hundred to a few thousand rows), so the ONNX Runtime
 * call overhead (a few µs) is spread thin. The bookkeeping per row is a few array writes: no per-path state, no
 * lookup to find merged paths.
 *
 * <p>Each bar is read once, in one pass per window: checked with {@link BacktestAccounting}'s rules (a bad bar fails the
 * run with the same message as the reference engine's, after the earlier windows were reported), its close, time and
 * date kept, its observation row built: a million bar objects fit in no cache, so every pass over them costs tens of
 * nanoseconds a bar. The rows are then copied, tile by tile, into step order (a step's rows side by side), so the
 * walk reads memory sequentially: read in bar order, every row of a step missed the cache (measured: the walk's
 * bookkeeping took 100 ns a row instead of 30–45).
 *
 * <p>Rows are built by {@link BacktestAccounting#observation} exactly as the reference engine builds them, so with a
 * policy whose batched and single-row outputs agree the two engines give identical paths (ONNX Runtime's MLP kernels
 * agree bit for bit whatever the batch size: EngineEquivalenceTest and BacktestBench check it).
 */
public final class FastBacktestEngine implements BacktestEngine {

    /** Shortest lane: long enough that the rows spent before a lane's paths merge are a small share. */
    static final int LANE_BARS = 128;
    /** At most this many lanes per window (bounds the window buffers whatever chunk_rows is). */
    private static final int MAX_LANES = 1 << 14;
    /** Steps between progress checkpoints within a window. */
    private static final int STEPS_PER_CHECKPOINT = 32;
    /** Side of the tiles in which rows are copied from bar order into step order. */
    private static final int TILE = 16;

    private static final byte DECIDED = (byte) Reason.DECIDED.ordinal();
    /** The position mask of a lane whose paths may hold any position. */
    private static final int ALL_POSITIONS = 0b111;

    @Override
    public BacktestPath run(List<FeatureVector> bars, NormStats stats, Policy policy, BacktestSettings settings,
            BacktestProgress progress) {
        BacktestAccounting.checkShape(bars, stats, policy.inputWidth());
        BacktestPath.Columns.Builder columns = new BacktestPath.Columns.Builder(bars.size());
        Ledger ledger = new Ledger(bars, columns.partial(), settings);
        new Run(bars, stats, policy, settings, progress, ledger, columns).all();
        return ledger.finish(columns.build());
    }

    /** The state of one run: window buffers, lanes and the batch. */
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
        // per window, indexed by bar − windowStart (reasons, evaluated) or 3 × (bar − windowStart) + position + 1
        private final byte[] reasons;
        /** Bit p + 1 is set when a(t, p) was evaluated. */
        private final byte[] evaluated;
        /** Observation rows in bar order, as the first pass writes them. */
        private final float[] barRows;
        /** The same rows in step order (see {@link #stepMajor}), as the walk reads them. */
        private final float[] observations;
        private final float[] actions;
        // lanes: next bar, end, and the positions its paths hold before the next bar (bit p + 1)
        private final int[] laneBar;
        private final int[] laneEnd;
        private final int[] laneMask;
        private final int[] nextMask;
        // the batch: up to three rows per lane, each row's lane and position
        private final float[] rows;
        private final float[] out;
        private final int[] rowLane;
        private final int[] rowPosition;
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
            // about chunk_rows / 3 lanes: the first steps (three paths a lane) fill about one chunk
            this.maxLanes = Math.max(1, Math.min(MAX_LANES, settings.chunkRows() / 3));
            // windows of at most maxLanes lanes, all of about the same length
            int windows = (int) ((n + (long) maxLanes * LANE_BARS - 1) / ((long) maxLanes * LANE_BARS));
            this.windowBars = (n + windows - 1) / windows;
            this.reasons = new byte[windowBars];
            this.evaluated = new byte[windowBars];
            int lastWindow = n - (windows - 1) * windowBars;
            this.barRows = new float[windowBars * width];
            this.observations = new float[Math.max(slots(windowBars), slots(lastWindow)) * width];
            this.actions = new float[3 * windowBars];
            this.laneBar = new int[maxLanes];
            this.laneEnd = new int[maxLanes];
            this.laneMask = new int[maxLanes];
            this.nextMask = new int[maxLanes];
            this.rows = new float[3 * maxLanes * width];
            this.out = new float[3 * maxLanes];
            this.rowLane = new int[3 * maxLanes];
            this.rowPosition = new int[3 * maxLanes];
        }

        /** Bars per lane in a window of {@code len} bars: the window cut into at most maxLanes lanes of about equal length. */
        private int laneLength(int len) {
            int lanes = Math.max(1, Math.min(maxLanes, len / LANE_BARS));
            return (len + lanes - 1) / lanes;
        }

        /** Observation slots of a window of {@code len} bars: every lane has room for a whole lane length. */
        private int slots(int len) {
            int laneLen = laneLength(len);
            return (len + laneLen - 1) / laneLen * laneLen;
        }

        void all() {
            feed.checkpoint(0);
            for (int start = 0; start < n; start += windowBars) {
                window(start, Math.min(n, start + windowBars));
            }
        }

        private void window(int start, int end) {
            int len = end - start;
            int laneLen = laneLength(len);
            int lanes = (len + laneLen - 1) / laneLen;
            double minQuality = settings.minDataQualityScore();
            // one sequential pass over the window's bars: checked, their columns read, why each is (not) decided, and
            // its observation row with position 0, in bar order
            int m = stats.mean().length;
            for (int t = start; t < end; t++) {
                FeatureVector bar = bars.get(t);
                BacktestAccounting.checkBar(bar, previous, m, settings);
                columns.add(bar);
                previous = bar;
                Reason why = BacktestAccounting.eligibility(bar, t, n, minQuality);
                reasons[t - start] = (byte) why.ordinal();
                if (why == Reason.DECIDED) {
                    BacktestAccounting.observation(bar, stats, settings, 0, barRows, (t - start) * width);
                }
            }
            stepMajor(len, lanes, laneLen);
            Arrays.fill(evaluated, 0, len, (byte) 0);

            for (int l = 0; l < lanes; l++) {
                int s = l * laneLen;
                laneBar[l] = s;
                laneEnd[l] = Math.min(len, s + laneLen);
                laneMask[l] = s == 0 ? bit(ledger.heldPosition())
                        : reasons[s - 1] != DECIDED ? bit(0) // flattened at the bar before the lane
                        : ALL_POSITIONS;
            }
            walk(start, lanes, len, laneLen);
            book(start, end);
            if (end < n) {
                feed.checkpoint(end);
            } else {
                feed.finish();
            }
        }

        /**
         * Copies the rows from bar order into step order: the k-th bar of every lane side by side, in lane order, so
         * that each step of the walk reads its rows in one sequential sweep. In bar order the rows a step needs lie a
         * lane apart, beyond what a hardware prefetcher follows, and a cache miss at every row costs more than all
         * the walk's bookkeeping; the copy goes tile by tile ({@value #TILE} lanes × {@value #TILE} bars), so its reads
         * and writes stay in cache.
         */
        private void stepMajor(int len, int lanes, int laneLen) {
            final int w = width;
            for (int l0 = 0; l0 < lanes; l0 += TILE) {
                int l1 = Math.min(lanes, l0 + TILE);
                for (int s0 = 0; s0 < laneLen; s0 += TILE) {
                    int s1 = Math.min(laneLen, s0 + TILE);
                    for (int k = s0; k < s1; k++) {
                        for (int l = l0; l < l1; l++) {
                            int t = l * laneLen + k;
                            if (t < len) {
                                System.arraycopy(barRows, t * w, observations, (k * lanes + l) * w, w);
                            }
                        }
                    }
                }
            }
        }

        private static int bit(int position) {
            return 1 << (position + 1);
        }

        /**
         * Advances every lane, one bar a step, until all have reached their end. Bars are window offsets here; the
         * row of bar t of lane l is at slot (t − l × laneLen) × lanes + l.
         */
        private void walk(int start, int lanes, int len, int laneLen) {
            final int w = width;
            final float[] obs = observations;
            final float[] batchRows = rows;
            int steps = 0;
            while (true) {
                // gather: the rows (t, p) of every lane's next decided bar
                int batch = 0;
                for (int l = 0; l < lanes; l++) {
                    int t = laneBar[l];
                    int e = laneEnd[l];
                    if (t >= e) {
                        continue;
                    }
                    int mask = laneMask[l];
                    while (t < e && reasons[t] != DECIDED) {
                        mask = bit(0); // not traded: flat after it, whatever was held
                        t++;
                    }
                    laneBar[l] = t;
                    nextMask[l] = 0;
                    if (t == e) {
                        continue;
                    }
                    evaluated[t] = (byte) mask;
                    int from = ((t - l * laneLen) * lanes + l) * w;
                    // one row per position of the mask, lowest first; mostly a single one (the paths have merged),
                    // so the loop runs once, rather than three tests of which position it is, a coin toss
                    do {
                        int p = Integer.numberOfTrailingZeros(mask) - 1;
                        mask &= mask - 1;
                        int row = batch * w;
                        System.arraycopy(obs, from, batchRows, row, w);
                        batchRows[row + positionColumn] = p;
                        rowLane[batch] = l;
                        rowPosition[batch] = p;
                        batch++;
                    } while (mask != 0);
                }
                if (batch == 0) {
                    return;
                }
                policy.actBatch(batchRows, batch, out);
                for (int j = 0; j < batch; j++) {
                    int l = rowLane[j];
                    float a = out[j];
                    actions[3 * laneBar[l] + rowPosition[j] + 1] = a;
                    nextMask[l] |= bit(settings.signal(a));
                }
                for (int l = 0; l < lanes; l++) {
                    if (laneBar[l] < laneEnd[l]) {
                        laneMask[l] = nextMask[l];
                        laneBar[l]++;
                    }
                }
                if (++steps % STEPS_PER_CHECKPOINT == 0) {
                    feed.checkpoint(start + (int) Math.min(len, (long) steps * len / laneLen) - 1);
                }
            }
        }

        /** Books the window bar by bar with the actions of the position actually held. */
        private void book(int start, int end) {
            for (int t = start; t < end; t++) {
                byte why = reasons[t - start];
                if (why == DECIDED) {
                    int held = ledger.heldPosition();
                    if ((evaluated[t - start] & bit(held)) == 0) {
                        throw new IllegalStateException("no action evaluated for bar " + t + " at position " + held);
                    }
                    float action = actions[3 * (t - start) + held + 1];
                    ledger.step(settings.signal(action), action, Reason.DECIDED);
                } else {
                    ledger.step(0, Float.NaN, Reason.of(why));
                }
            }
        }
    }
}
