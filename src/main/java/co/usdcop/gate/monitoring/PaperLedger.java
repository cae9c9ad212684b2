package co.usdcop.gate.monitoring;

import co.usdcop.gate.backtest.BacktestAccounting;
import co.usdcop.gate.backtest.BacktestAccounting.Reason;
import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.backtest.BacktestPath;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import co.usdcop.gate.backtest.EquityPoint;
import co.usdcop.gate.backtest.RoundTrips;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.inference.ReplayService;
import co.usdcop.gate.inference.SignalReason;
import co.usdcop.gate.inference.SignalStore;
import co.usdcop.gate.inference.SignalStore.LedgerRow;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.promotion.ProductionContract;
import co.usdcop.gate.promotion.ProductionContracts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The paper ledger: what a model's recorded signals would have earned, booked with the backtest engine's own
 * accounting ({@link BacktestAccounting#book}: same equity rule, same costs, same metrics), on the stored closes.
 *
 * <h2>From signals to a position path</h2>
 * Bars are the feature-store rows from the first signal to {@code to}, and never past the clock: only bars that
 * have closed (open time + bar length) at or before the clock are booked — the real clock for live signals, the
 * replay's simulated clock for replay signals ({@link #replayClock}), so a replay stopped in the middle of the stored
 * data books nothing after the bar it reached. At a bar with a signal the
 * position decided at its close is the signal's {@code position_after}; the reason maps to the backtest's
 * ({@code OK} → DECIDED, {@code LOW_QUALITY} → LOW_QUALITY, {@code NAN_FEATURE}/{@code STALE_DATA} →
 * MISSING_FEATURE, kill switch / invalid contract / model error → FAIL_SAFE). A bar without a signal (a tick that did
 * not run) keeps the previous position (HELD) — that is what the book holds when no new order is sent. Nothing is
 * forced flat at the end: an open position is marked to market at the last close, so the P&amp;L is the live one.
 */
@ApplicationScoped
public class PaperLedger {

    /** Equity points returned at most (the path itself is booked in full). */
    static final int MAX_CURVE_POINTS = 2_000;

    @Inject
    FeatureStore featureStore;

    @Inject
    ModelRegistryService registry;

    @Inject
    BacktestStore backtests;

    @Inject
    GateConfig config;

    @Inject
    SignalStore signals;

    @Inject
    ProductionContracts contracts;

    @Inject
    Clock clock;

    @Inject
    ReplayService replays;

    private BacktestSettings settings;

    @PostConstruct
    void init() {
        settings = BacktestSettings.from(config);
    }

    /** A booked path and how many bars had no signal. */
    record Booked(BacktestPath path, int signals, int barsWithoutSignal) {
    }

    /**
     * Paper performance of {@code modelId} (default: the production model) over its production or shadow signals
     * with {@code from <= ts <= to} (bounds optional).
     */
    public PaperPerformance performance(String modelId, boolean shadow, boolean replay, Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException("from (" + from + ") is after to (" + to + ").");
        }
        ProductionContract active = QuarkusTransaction.requiringNew().call(ProductionContract::active);
        String model = modelId;
        if (model == null || model.isBlank()) {
            if (active == null) {
                throw new NotFoundException("No model is in production; name a modelId to see its shadow signals.");
            }
            model = active.modelId;
        }
        String id = registry.require(model).modelId;
        List<LedgerRow> rows = signals.ledgerRows(id, shadow, replay, from, to);
        Instant closedBy = replay ? replayClock(rows) : clock.instant();
        Instant lastBar = closedBy == null ? null : closedBy.minus(Duration.ofMinutes(config.market().barMinutes()));
        Booked booked = lastBar == null ? null : book(rows, to == null || to.isAfter(lastBar) ? lastBar : to);
        boolean production = !shadow && active != null && active.modelId.equals(id);
        BacktestSummary bt = comparisonBacktest(id, production ? active : null);
        Double limit = production && !replay ? config.monitoring().liveMaxDrawdown() : null;
        if (booked == null) {
            return new PaperPerformance(id, shadow, replay, null, null, 0, 0, 0, null, null, null, List.of(),
                    bt == null ? null : bt.id(), bt == null ? null : bt.periodStart(),
                    bt == null ? null : bt.periodEnd(), bt == null ? null : bt.metrics(), limit);
        }
        BacktestPath path = booked.path();
        BacktestMetrics metrics = path.size() < 2 ? null
                : BacktestMetrics.compute(path, RoundTrips.of(path), BacktestMetrics.dailyReturns(path), settings);
        return new PaperPerformance(id, shadow, replay, path.bars().get(0).ts(), path.bars().get(path.size() - 1).ts(),
                path.size(), booked.signals(), booked.barsWithoutSignal(), metrics, currentDrawdown(path),
                (int) path.position()[path.size() - 1], curve(path), bt == null ? null : bt.id(),
                bt == null ? null : bt.periodStart(), bt == null ? null : bt.periodEnd(),
                bt == null ? null : bt.metrics(), limit);
    }

    /**
     * The maximum drawdown (fraction) of the production signals written under {@code contractId} and created after
     * {@code since} (null: all of them); 0 without signals. The live risk guard compares it with the limit.
     */
    public double liveMaxDrawdown(long contractId, Instant since) {
        List<LedgerRow> rows = signals.liveProductionRows(contractId, since == null ? Instant.EPOCH : since);
        // booked up to the last signal: the drawdown the recorded decisions have realised so far
        Booked booked = rows.isEmpty() ? null : book(rows, rows.get(rows.size() - 1).ts());
        if (booked == null) {
            return 0.0;
        }
        return BacktestMetrics.maxDrawdownDepth(booked.path());
    }

    /**
     * The simulated clock of replay signals: the replay's (its last replayed bar's close + tick_delay_seconds), or,
     * when no replay ran since start-up, that of the last replay signal; null without signals.
     */
    Instant replayClock(List<LedgerRow> rows) {
        Instant simulated = replays.status().simulatedNow();
        if (simulated != null) {
            return simulated;
        }
        return rows.isEmpty() ? null : rows.get(rows.size() - 1).ts()
                .plus(Duration.ofMinutes(config.market().barMinutes()))
                .plusSeconds(config.market().replay().tickDelaySeconds());
    }

    /** Books the signals on the stored bars from the first signal to {@code to} (default now); null without any. */
    Booked book(List<LedgerRow> rows, Instant to) {
        if (rows.isEmpty()) {
            return null;
        }
        Instant end = to != null ? to : clock.instant();
        if (rows.get(0).ts().isAfter(end)) {
            return null;
        }
        List<FeatureVector> bars = featureStore.featuresBetween(rows.get(0).ts(), end);
        if (bars.isEmpty()) {
            return null;
        }
        Map<Instant, LedgerRow> byTs = new HashMap<>(rows.size() * 2);
        for (LedgerRow r : rows) {
            byTs.put(r.ts(), r);
        }
        int n = bars.size();
        int[] positions = new int[n];
        float[] actions = new float[n];
        Reason[] reasons = new Reason[n];
        int held = 0;
        int withoutSignal = 0;
        int used = 0;
        for (int t = 0; t < n; t++) {
            LedgerRow s = byTs.get(bars.get(t).ts());
            if (s == null) {
                positions[t] = held;
                actions[t] = Float.NaN;
                reasons[t] = Reason.HELD;
                withoutSignal++;
            } else {
                used++;
                held = s.positionAfter();
                positions[t] = held;
                actions[t] = s.rawAction() == null ? Float.NaN : s.rawAction().floatValue();
                reasons[t] = reason(s.reason());
            }
        }
        return new Booked(BacktestAccounting.book(bars, positions, actions, reasons, settings), used, withoutSignal);
    }

    static Reason reason(SignalReason r) {
        return switch (r) {
            case OK -> Reason.DECIDED;
            case LOW_QUALITY -> Reason.LOW_QUALITY;
            case NAN_FEATURE, STALE_DATA -> Reason.MISSING_FEATURE;
            case KILL_SWITCH, CONTRACT_INVALID, MODEL_ERROR -> Reason.FAIL_SAFE;
        };
    }

    private static double currentDrawdown(BacktestPath p) {
        double peak = p.initialCapital();
        for (double e : p.equity()) {
            peak = Math.max(peak, e);
        }
        return 1.0 - p.finalEquity() / peak;
    }

    /** At most {@link #MAX_CURVE_POINTS} evenly spaced points, always including the last bar. */
    static List<EquityPoint> curve(BacktestPath p) {
        int n = p.size();
        int step = Math.max(1, (n + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
        List<EquityPoint> out = new ArrayList<>(Math.min(n, MAX_CURVE_POINTS) + 1);
        for (int t = 0; t < n; t += step) {
            out.add(new EquityPoint(p.bars().get(t).ts(), p.equity()[t], p.position()[t]));
        }
        if ((n - 1) % step != 0) {
            out.add(new EquityPoint(p.bars().get(n - 1).ts(), p.equity()[n - 1], p.position()[n - 1]));
        }
        return out;
    }

    /** The production proposal's backtest, else the model's newest completed out-of-sample backtest; or null. */
    private BacktestSummary comparisonBacktest(String modelId, ProductionContract production) {
        if (production != null && production.proposalId != null) {
            UUID id = contracts.approvedBacktestId(production);
            return id == null ? null : backtests.get(id);
        }
        return backtests.newestCompletedOutOfSample(modelId);
    }
}
