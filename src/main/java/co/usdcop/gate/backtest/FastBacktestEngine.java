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
 * Bars are processed in windows (at most {@value #MAX_WINDOW_BARS} bars, so the buffers stay bounded). A window is
 * cut into <em>lanes</em> of at least {@value #LANE_BARS} bars, and all lanes advance in lockstep: step k is bar k of
 * every lane. A lane carries the set of positions its paths can hold before its current bar, as a mask of three bits:
 * the first lane starts from the position actually held (known: the previous window has been booked); every other
 * lane from all three (from flat alone when the bar before the lane was not traded). Each step evaluates the rows
 * (t, p) of every lane's set with {@link Policy#actBatch}, records a(t, p) and moves each lane on to the set
 * {signal(a(t, p))}. Paths that reach the same position at the same bar are one path from there on (fact 1), and a
 * set holds each position once, so after a few bars a lane's three paths have usually merged into one and the lane
 * costs one row per bar. Whatever position the lane really starts with, its path is among the walked ones (fact 2),
 * so every a(t, p) the real path needs is known; the window is then booked bar by bar through the same
 * {@link Ledger} as the reference engine.
 *
 * <h2>Memory layout</h2>
 * The observation rows are kept in step order: bar k of lane l at slot k × lanes + l. A step's first rows (one per
 * lane, at the lowest position of its set) are then one run of memory, evaluated in place: the walk writes only the
 * position column, and a bar that is not decided is evaluated too and its action ignored, rather than breaking the
 * run. The second and third positions of lanes whose paths have not merged yet are copied into a small second batch.
 * Each bar is read once, in one sequential pass per window: checked with {@link BacktestAccounting}'s rules (a bad bar
 * fails the run with the same message as the reference engine's, after the earlier windows were reported), its
 * close, time and date kept, its observation row built in bar order for a group of {@value #GROUP_LANES} lanes (a
 * buffer that stays in cache), then copied to its slots step by step. Writing each row straight to its slot would cost a
 * cache miss a row (the slots of consecutive bars lie a step apart), and gathering every row of a step into a
 * separate batch adds bookkeeping per bar; both were measured slower (docs/performance.md, backtest engine).
 *
 * <p>Cost: rows = the window's slots (every bar of every lane) + the rows walked before a lane's paths merge; a
 * policy whose paths never merge (one that always does the opposite of its position, say) costs up to three rows per
 * bar, the cost of evaluating every position. Calls = one or two a step, of about one row per lane (a few hundred to
 * a few thousand rows), so the ONNX Runtime call overhead (a few µs) is spread thin.
 *
 * <p>Rows are built by {@link BacktestAccounting#observation} exactly as the reference engine builds them, so with a
 * policy whose batched and single-row outputs agree the two engines give identical paths (ONNX Runtime's MLP kernels
 * agree bit for bit whatever the batch size: EngineEquivalenceTest and BacktestBench check it).
 */
public final class FastBacktestEngine implements BacktestEngine {

    /** Shortest lane: long enough that the rows spent before a lane's paths merge are a small share. */
    static final int LANE_BARS = 256;
    /** At most this many lanes per window (bounds a step's batch whatever chunk_rows is). */
    private static final int MAX_LANES = 1 << 14;
    /** At most this many bars per window: bounds the window buffers (~75 bytes a bar, ~37 MB) whatever the period. */
    static final int MAX_WINDOW_BARS = 1 << 19;
    /** Steps between progress checkpoints within a window. */
    private static final int STEPS_PER_CHECKPOINT = 32;
    /** Lanes whose rows the first pass builds together in bar order before copying them into step order. */
    private static final int GROUP_LANES = 16;
    /** {@code lanePosition} of a lane whose current bar is not decided. */
    private static final int NOT_DECIDED = Integer.MIN_VALUE;

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
        /** The observation rows of one group of lanes in bar order, as the first pass writes them. */
        private final float[] barRows;
        /** The window's rows in step order (see {@link #stepMajor}), as the walk reads them. */
        private final float[] observations;
        private final float[] actions;
        // lanes: the positions its paths hold before the current bar (bit p + 1), and the position of its row in the
        // step's batch (NOT_DECIDED when the bar is not decided)
        private final int[] laneMask;
        private final int[] lanePosition;
        private final float[] out;
        // the extra batch: the second and third positions of lanes whose paths have not merged
        private final float[] rows;
        private final float[] extraOut;
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
            // a step's batch holds one row per lane: chunk_rows lanes fill one chunk
            this.maxLanes = Math.max(1, Math.min(MAX_LANES, settings.chunkRows()));
            // windows of at most maxLanes lanes and MAX_WINDOW_BARS bars, all of about the same length
            long windowCap = Math.min(MAX_WINDOW_BARS, (long) maxLanes * LANE_BARS);
            int windows = (int) ((n + windowCap - 1) / windowCap);
            this.windowBars = (n + windows - 1) / windows;
            this.reasons = new byte[windowBars];
            this.evaluated = new byte[windowBars];
            int lastWindow = n - (windows - 1) * windowBars;
            this.barRows = new float[Math.max(groupRows(windowBars), groupRows(lastWindow)) * width];
            this.observations = new float[Math.max(slots(windowBars), slots(lastWindow)) * width];
            this.actions = new float[3 * windowBars];
            this.laneMask = new int[maxLanes];
            this.lanePosition = new int[maxLanes];
            this.out = new float[maxLanes];
            this.rows = new float[2 * maxLanes * width];
            this.extraOut = new float[2 * maxLanes];
            this.rowLane = new int[2 * maxLanes];
            this.rowPosition = new int[2 * maxLanes];
        }

        /** Bars per lane in a window of {@code len} bars: the window cut into at most maxLanes lanes of about equal length. */
        private int laneLength(int len) {
            int lanes = Math.max(1, Math.min(maxLanes, len / LANE_BARS));
            return (len + lanes - 1) / lanes;
        }

        /**
         * Bars of a group of {@value #GROUP_LANES} lanes (the most the first pass holds in bar order) in a window of
         * {@code len} bars.
         */
        private int groupRows(int len) {
            int laneLen = laneLength(len);
            return Math.min(len, GROUP_LANES * laneLen);
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
            // its observation row with position 0. The rows of a group of GROUP_LANES lanes (consecutive bars) are
            // built in bar order, in a buffer that stays in cache, then copied to their step slots.
            int m = stats.mean().length;
            for (int l0 = 0; l0 < lanes; l0 += GROUP_LANES) {
                int l1 = Math.min(lanes, l0 + GROUP_LANES);
                int groupStart = start + l0 * laneLen;
                int groupEnd = Math.min(end, start + l1 * laneLen);
                for (int t = groupStart; t < groupEnd; t++) {
                    FeatureVector bar = bars.get(t);
                    BacktestAccounting.checkBar(bar, previous, m, settings);
                    columns.add(bar);
                    previous = bar;
                    Reason why = BacktestAccounting.eligibility(bar, t, n, minQuality);
                    reasons[t - start] = (byte) why.ordinal();
                    if (why == Reason.DECIDED) {
                        BacktestAccounting.observation(bar, stats, settings, 0, barRows, (t - groupStart) * width);
                    }
                }
                stepMajor(len, lanes, laneLen, l0, l1);
            }
            Arrays.fill(evaluated, 0, len, (byte) 0);

            for (int l = 0; l < lanes; l++) {
                int s = l * laneLen;
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
         * Copies the rows of lanes [l0, l1) (at most {@value #GROUP_LANES}, built in bar order in {@link #barRows}) to
         * their step slots k × lanes + l: step by step, so a step's rows of the group are written side by side and the
         * group's reads stay in cache (see the class comment).
         */
        private void stepMajor(int len, int lanes, int laneLen, int l0, int l1) {
            final int w = width;
            int first = l0 * laneLen;
            for (int k = 0; k < laneLen; k++) {
                for (int l = l0; l < l1; l++) {
                    int t = l * laneLen + k;
                    if (t < len) {
                        System.arraycopy(barRows, (t - first) * w, observations, (k * lanes + l) * w, w);
                    }
                }
            }
        }

        private static int bit(int position) {
            return 1 << (position + 1);
        }

        /**
         * Advances every lane one bar a step, all in lockstep: step k evaluates bar k of every lane, whose rows lie
         * side by side at slots [k × lanes, (k + 1) × lanes), in one batch read in place (the row's position column is
         * set to the lowest position of the lane's mask; a bar that is not decided is evaluated too, and its action
         * ignored, rather than breaking the run of rows). Lanes whose paths have not merged yet add their other
         * positions as copies in a second, small batch. Bars are window offsets here.
         */
        private void walk(int start, int lanes, int len, int laneLen) {
            final int w = width;
            final float[] obs = observations;
            final float[] extraRows = rows;
            final int lastLaneEnd = len - (lanes - 1) * laneLen;
            for (int k = 0; k < laneLen; k++) {
                int active = k < lastLaneEnd ? lanes : lanes - 1; // only the last lane can be shorter
                int extras = 0;
                int slot0 = k * lanes;
                for (int l = 0; l < active; l++) {
                    int t = l * laneLen + k;
                    if (reasons[t] != DECIDED) {
                        lanePosition[l] = NOT_DECIDED;
                        continue;
                    }
                    int mask = laneMask[l];
                    evaluated[t] = (byte) mask;
                    int p = Integer.numberOfTrailingZeros(mask) - 1;
                    int from = (slot0 + l) * w;
                    obs[from + positionColumn] = p;
                    lanePosition[l] = p;
                    // the other positions of a lane whose paths have not merged (rare once they have)
                    for (mask &= mask - 1; mask != 0; mask &= mask - 1) {
                        int q = Integer.numberOfTrailingZeros(mask) - 1;
                        int row = extras * w;
                        System.arraycopy(obs, from, extraRows, row, w);
                        extraRows[row + positionColumn] = q;
                        rowLane[extras] = l;
                        rowPosition[extras] = q;
                        extras++;
                    }
                }
                if (active == 0) {
                    return;
                }
                policy.actBatch(obs, slot0, active, out);
                for (int l = 0; l < active; l++) {
                    int p = lanePosition[l];
                    if (p == NOT_DECIDED) {
                        laneMask[l] = bit(0); // not traded: flat after it, whatever was held
                        continue;
                    }
                    float a = out[l];
                    actions[3 * (l * laneLen + k) + p + 1] = a;
                    laneMask[l] = bit(settings.signal(a));
                }
                if (extras > 0) {
                    policy.actBatch(extraRows, 0, extras, extraOut);
                    for (int j = 0; j < extras; j++) {
                        int l = rowLane[j];
                        float a = extraOut[j];
                        actions[3 * (l * laneLen + k) + rowPosition[j] + 1] = a;
                        laneMask[l] |= bit(settings.signal(a));
                    }
                }
                if ((k + 1) % STEPS_PER_CHECKPOINT == 0) {
                    feed.checkpoint(start + (int) Math.min(len, (long) (k + 1) * len / laneLen) - 1);
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
                    float action = ledger.decided(actions[3 * (t - start) + held + 1]);
                    ledger.step(settings.signal(action), action, Reason.DECIDED);
                } else {
                    ledger.step(0, Float.NaN, Reason.of(why));
                }
            }
        }
    }
}
