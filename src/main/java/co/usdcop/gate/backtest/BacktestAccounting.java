package co.usdcop.gate.backtest;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import java.util.List;

/**
 * The accounting and decision rules of a backtest (DESIGN.md §7), shared by both engines so they cannot drift.
 *
 * <h2>Timeline of bar t (bars in stored order, t = 0 … n−1)</h2>
 * <ol>
 *   <li>At the close of bar t the policy observes the 13 market features of bar t normalised with the model's norm
 *       stats ({@code z = clip((x − mean)/std, ±clip)}, clip from the feature contract), then
 *       {@code position} = the position held before this decision (−1, 0, +1; 0 before the first bar) and
 *       {@code time_normalized = (bar_number − 1) / (bars_per_session − 1)} (0 at the first bar of a session,
 *       1 at the last).</li>
 *   <li>The action maps to the new position with {@link BacktestSettings#signal(float)}.</li>
 *   <li>The new position is traded at close[t] and held from close[t] to close[t+1]; sessions are concatenated,
 *       so a position is carried overnight (feature contract: {@code position} is carried over) and the overnight
 *       gap is part of the next bar's return.</li>
 * </ol>
 *
 * <h2>Equity (USD)</h2>
 * <pre>
 *   E[−1] = initial capital,  p[−1] = 0,  r[0] = 0
 *   r[t]  = close[t] / close[t−1] − 1                       (simple return of bar t, t ≥ 1)
 *   E[t]  = E[t−1] × (1 + p[t−1] × r[t] − c × |p[t] − p[t−1]|),   c = transaction_cost_bps / 10 000
 * </pre>
 * This is DESIGN.md §7's {@code equity ← equity × (1 + position × r − cost × |Δposition|)} with the position held
 * over the bar and Δposition the trade decided at its close: the cost is charged on traded notional (the equity at
 * the decision, times |Δposition|) in the step of the decision bar, so E[t] is everything known at close[t]. A round
 * trip 0 → 1 → 0 pays 2 × c; a flip −1 → +1 pays 2 × c at once.
 *
 * <h2>Bars that are not traded</h2>
 * A bar with any NaN market feature ({@link Reason#MISSING_FEATURE}) or {@code data_quality_score} below
 * {@code min_data_quality_score} ({@link Reason#LOW_QUALITY}) gets no decision from the policy: the position is
 * <b>flattened</b> to 0 (paying the cost of closing, if any). Why flatten and not hold: a held position would carry
 * risk that no decision stands behind (the policy cannot see the market), its P&amp;L would be credited to the model
 * for bars it never judged, and flat is the only state that does not depend on the missing data; the warm-up bars
 * at the start of a history are flat for the same reason. The next eligible bar observes position 0.
 *
 * <h2>Last bar</h2>
 * The last bar of the period is not evaluated: the position is closed at its close ({@link Reason#FINAL_BAR}),
 * paying the closing cost, so every round trip is closed and E[n−1] is the final equity.
 */
public final class BacktestAccounting {

    /** Why a bar's position is what it is. Codes are stored, so never renumber. */
    public enum Reason {
        /** The policy decided. */
        DECIDED,
        /** A market feature was NaN: flattened. */
        MISSING_FEATURE,
        /** {@code data_quality_score} below the floor: flattened. */
        LOW_QUALITY,
        /** The last bar of the period: closed. */
        FINAL_BAR,
        /** Paper ledger: no signal was recorded for the bar (a missed tick); the previous position is still held. */
        HELD,
        /** Paper ledger: a live fail-safe (kill switch, invalid contract, stale data, model error) flattened. */
        FAIL_SAFE;

        private static final Reason[] VALUES = values();

        public static Reason of(byte code) {
            return VALUES[code];
        }
    }

    private BacktestAccounting() {
    }

    /**
     * Why bar {@code t} is not evaluated, or {@link Reason#DECIDED} when the policy decides it. Order of checks: the
     * last bar first, then missing features, then quality.
     */
    static Reason eligibility(FeatureVector bar, int t, int n, double minQuality) {
        if (t == n - 1) {
            return Reason.FINAL_BAR;
        }
        double[] v = bar.values();
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Reason.MISSING_FEATURE;
            }
        }
        // NaN quality compares false and is treated as low quality
        return bar.dataQualityScore() >= minQuality ? Reason.DECIDED : Reason.LOW_QUALITY;
    }

    /** {@code time_normalized = (bar_number − 1) / (bars_per_session − 1)}, as float32 for the observation. */
    public static float timeNormalized(int barNumber, int barsPerSession) {
        return (float) ((barNumber - 1) / (double) (barsPerSession - 1));
    }

    /**
     * Writes one observation row at {@code out[offset …]}: normalised market features, then position, then
     * time_normalized. Both engines and live inference build every row through here.
     */
    public static void observation(FeatureVector bar, NormStats stats, BacktestSettings s, int position, float[] out,
            int offset) {
        int m = stats.mean().length;
        stats.normalize(bar.values(), out, offset, s.normalizationClip());
        out[offset + m] = position;
        out[offset + m + 1] = timeNormalized(bar.barNumber(), s.barsPerSession());
    }

    /**
     * Checks what the engines rely on and fails with a message naming the first offending bar: at least one bar,
     * strictly increasing timestamps, finite positive closes, one value per normalised feature, bar numbers within
     * the session, and an observation width of market features + 2. Returns the bars' columns, read on the way.
     */
    static BacktestPath.Columns validate(List<FeatureVector> bars, NormStats stats, int policyWidth, BacktestSettings s) {
        checkShape(bars, stats, policyWidth);
        int m = stats.mean().length;
        BacktestPath.Columns.Builder columns = new BacktestPath.Columns.Builder(bars.size());
        FeatureVector prev = null;
        for (FeatureVector b : bars) {
            checkBar(b, prev, m, s);
            columns.add(b);
            prev = b;
        }
        return columns.build();
    }

    /** The checks of {@link #validate} on the whole period: at least one bar, and the observation width. */
    static void checkShape(List<FeatureVector> bars, NormStats stats, int policyWidth) {
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("the period has no feature rows to backtest");
        }
        int m = stats.mean().length;
        if (policyWidth != m + 2) {
            throw new IllegalArgumentException("the policy expects " + policyWidth + " inputs but the norm stats cover "
                    + m + " market features + position + time_normalized = " + (m + 2));
        }
    }

    /** The checks of {@link #validate} on one bar {@code b}, {@code prev} being the bar before it (null for the first). */
    static void checkBar(FeatureVector b, FeatureVector prev, int m, BacktestSettings s) {
        if (b.values().length != m) {
            throw new IllegalArgumentException("bar " + b.ts() + " has " + b.values().length
                    + " features, the norm stats have " + m);
        }
        if (!(b.close() > 0) || Double.isInfinite(b.close())) {
            throw new IllegalArgumentException("bar " + b.ts() + " has no valid close price (" + b.close() + ")");
        }
        if (b.barNumber() < 1 || b.barNumber() > s.barsPerSession()) {
            throw new IllegalArgumentException("bar " + b.ts() + " has bar number " + b.barNumber()
                    + ", outside 1.." + s.barsPerSession());
        }
        if (prev != null && !b.ts().isAfter(prev.ts())) {
            throw new IllegalArgumentException("bars are not in strictly increasing time order at " + b.ts());
        }
    }

    /**
     * Books a position path decided elsewhere — the paper ledger of live signals — with exactly the equity rule
     * above: {@code positions[t]} is the position decided at the close of bar t, {@code actions[t]} its raw action
     * (NaN when none) and {@code reasons[t]} why. Nothing is forced at the last bar: an open position is marked to
     * market at the last close and its round trip is not (yet) listed.
     */
    public static BacktestPath book(List<FeatureVector> bars, int[] positions, float[] actions, Reason[] reasons,
            BacktestSettings s) {
        if (positions.length != bars.size() || actions.length != bars.size() || reasons.length != bars.size()) {
            throw new IllegalArgumentException("one position, action and reason per bar is needed");
        }
        Ledger ledger = new Ledger(bars, s);
        for (int t = 0; t < positions.length; t++) {
            ledger.step(positions[t], actions[t], reasons[t]);
        }
        return ledger.finish();
    }

    /** Accumulates the path bar by bar with the equity rule above; the only place equity is computed. */
    static final class Ledger {
        private final List<FeatureVector> bars;
        private final BacktestPath.Columns columns;
        private final double[] close;
        private final double costRate;
        private final double initialCapital;
        private final byte[] position;
        private final double[] equity;
        private final float[] action;
        private final byte[] reason;
        private double lastEquity;
        private int lastPosition;
        private double lastClose;
        private int t;

        Ledger(List<FeatureVector> bars, BacktestSettings s) {
            this(bars, BacktestPath.Columns.of(bars), s);
        }

        Ledger(List<FeatureVector> bars, BacktestPath.Columns columns, BacktestSettings s) {
            this.bars = bars;
            this.columns = columns;
            this.close = columns.close();
            int n = bars.size();
            this.costRate = s.costRate();
            this.initialCapital = s.initialCapital();
            this.position = new byte[n];
            this.equity = new double[n];
            this.action = new float[n];
            this.reason = new byte[n];
            this.lastEquity = initialCapital;
            this.lastClose = Double.NaN;
        }

        /**
         * The action the policy returned for the next bar, checked: NaN or ±∞ is a broken model and fails the run
         * ({@link NonFiniteActionException}) rather than being booked as flat.
         */
        float decided(float action) {
            if (!Float.isFinite(action)) {
                throw new NonFiniteActionException(action, t, bars.get(t).ts());
            }
            return action;
        }

        /** The position held before the decision of the next bar. */
        int heldPosition() {
            return lastPosition;
        }

        /** Bars booked so far. */
        int booked() {
            return t;
        }

        /** The path over the ledger's own arrays; only the first {@link #booked()} bars are final. */
        BacktestPath view() {
            return new BacktestPath(bars, initialCapital, costRate, position, equity, action, reason, columns);
        }

        /** Books the next bar: the return of the held position over the bar, then the trade to {@code newPosition}. */
        void step(int newPosition, float rawAction, Reason why) {
            double close = this.close[t];
            double r = t == 0 ? 0.0 : close / lastClose - 1.0;
            int traded = Math.abs(newPosition - lastPosition);
            lastEquity = lastEquity * (1.0 + lastPosition * r - costRate * traded);
            equity[t] = lastEquity;
            position[t] = (byte) newPosition;
            action[t] = rawAction;
            reason[t] = (byte) why.ordinal();
            lastPosition = newPosition;
            lastClose = close;
            t++;
        }

        BacktestPath finish() {
            return finish(columns);
        }

        /** The finished path with {@code complete}: the ledger's columns once every bar has been read. */
        BacktestPath finish(BacktestPath.Columns complete) {
            if (t != bars.size()) {
                throw new IllegalStateException("ledger finished after " + t + " of " + bars.size() + " bars");
            }
            return new BacktestPath(bars, initialCapital, costRate, position, equity, action, reason, complete);
        }
    }
}
