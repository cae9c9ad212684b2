package co.usdcop.gate.inference;

import co.usdcop.gate.backtest.BacktestAccounting;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.models.registry.PolicyCache;
import co.usdcop.gate.promotion.ProductionContract;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Live inference (L5). One {@link #tick} scores the newest closed bar:
 * <ol>
 *   <li>the newest feature row whose bar has closed ({@code ts + bar_minutes <= now}), after making sure the feature
 *       store is current;</li>
 *   <li>the active production contract, looked up on every tick (a promotion or rollback is used on the next tick,
 *       no restart) and validated before its first use by {@link ContractValidation}: a contract that fails is not
 *       used, the previously validated one keeps trading, or the row is flat with CONTRACT_INVALID;</li>
 *   <li>the observation is built exactly as in backtests ({@link BacktestAccounting#observation}: normalised and
 *       clipped market features, {@code position} = the model's previous {@code position_after} (0 if none),
 *       {@code time_normalized = (bar_number − 1)/(bars_per_session − 1)}), the policy runs and the action maps to a
 *       signal with {@link BacktestSettings#signal} (backtest.yaml thresholds);</li>
 *   <li>one {@code signals} row per model and bar, inserted with {@code on conflict do nothing}: a repeated or
 *       concurrent tick of the same bar writes nothing twice.</li>
 * </ol>
 * <b>Cost.</b> Two statements (two round trips) per tick whatever the number of models ({@link SignalStore}): one
 * read of the newest feature row with its freshness check (index lookups; a recomputation and a second read only
 * when its bar has no current row) joined with the tick's state (active contract id, kill switch, the models to
 * score with their previous positions before that row's bar), and one insert of every row (one commit). The
 * contract entity is re-read only when the active id changes.
 * <p>
 * <b>Fail-safe.</b> When the policy may not decide — kill switch tripped, no validated contract, stale bar (closed
 * more than {@code quality.max_bar_age_minutes} ago), a NaN market feature, {@code data_quality_score} below
 * {@code min_data_quality_score}, or a policy failure — the row records signal 0 and {@code position_after} 0 with
 * the reason: the position is <i>flattened</i>, never silently carried. Same choice and rationale as the backtest
 * ({@link BacktestAccounting}): a held position would carry risk no decision stands behind, and the backtest the
 * model was promoted on treats such bars the same way. Checks run in that order; the first that applies is the reason.
 * <p>
 * <b>Shadow scoring.</b> Every model in stage {@code staging} is scored on the same tick with the same feature row;
 * its rows have {@code shadow = true} and no contract id. They follow the data checks but not the kill switch (a
 * shadow row never trades).
 */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class);

    @Inject
    FeatureStore featureStore;

    @Inject
    PolicyCache policies;

    @Inject
    ContractValidation contracts;

    @Inject
    GateConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<ProductionSignalWritten> productionSignals;

    private BacktestSettings settings;

    @PostConstruct
    void init() {
        settings = BacktestSettings.from(config);
    }

    /**
     * Scores the newest closed bar at {@code now} for the production model and every staging model. Runs on
     * scheduler or worker threads, so it opens its own request context for the registry and kill-switch reads.
     */
    @ActivateRequestContext
    public TickResult tick(Instant now) {
        long start = System.nanoTime();
        Instant closedBy = now.minus(Duration.ofMinutes(config.market().barMinutes()));
        try (Connection c = dataSource.getConnection()) {
            SignalStore.TickRead read = SignalStore.tickRead(c, featureStore.contractVersion(), closedBy, false);
            if (!read.newest().current()) {
                featureStore.refresh(); // the newest bar has no current row yet: compute it, then read again
                read = SignalStore.tickRead(c, featureStore.contractVersion(), closedBy, false);
            }
            FeatureVector bar = read.newest().row();
            if (bar == null) {
                LOG.debugf("Inference tick at %s: no closed bar", now);
                return new TickResult(null, "NO_DATA", List.of());
            }
            return score(c, now, bar, read.state(), false, start);
        } catch (SQLException e) {
            throw new IllegalStateException("the inference tick at " + now + " failed", e);
        }
    }

    /** Scores {@code bar} as the tick at {@code now} would (the tick's second half). */
    TickResult score(Instant now, FeatureVector bar) {
        return score(now, bar, false, System.nanoTime());
    }

    /**
     * Scores {@code bar} at {@code now}; with {@code replay} the rows are marked replay, chain their positions among
     * replay rows only and fire no {@link ProductionSignalWritten} (a replay never feeds the live risk guard).
     */
    TickResult score(Instant now, FeatureVector bar, boolean replay) {
        return score(now, bar, replay, System.nanoTime());
    }

    /** Reads the tick's state for {@code bar} (one statement), then scores it as {@link #tick} does. */
    @ActivateRequestContext
    TickResult score(Instant now, FeatureVector bar, boolean replay, long startNanos) {
        try (Connection c = dataSource.getConnection()) {
            return score(c, now, bar, SignalStore.tickState(c, bar.ts(), replay), replay, startNanos);
        } catch (SQLException e) {
            throw new IllegalStateException("scoring the bar " + bar.ts() + " failed", e);
        }
    }

    /**
     * The decisions for {@code bar} with the tick's {@code state}, then one insert of every row. {@code startNanos}
     * ({@link System#nanoTime}) is when the tick started: each row's latency runs from it to the row's decision.
     */
    private TickResult score(Connection c, Instant now, FeatureVector bar, SignalStore.TickState state, boolean replay,
            long startNanos) throws SQLException {
        ContractValidation.Choice choice = state.activeContractId() == null ? null
                : contracts.choose(state.activeContractId());
        List<SignalStore.NewSignal> rows = new ArrayList<>();
        String outcome = "NO_CONTRACT";
        ProductionContract use = null;
        if (choice != null) {
            ProductionContract active = choice.active();
            use = choice.invalid() ? active : choice.use();
            SignalReason forced = choice.invalid() ? SignalReason.CONTRACT_INVALID : null;
            if (state.killSwitchTripped()) {
                forced = SignalReason.KILL_SWITCH;
            }
            String model = use.modelId;
            int previous = use == active ? state.models().stream()
                    .filter(m -> !m.shadow() && m.modelId().equals(model)).findFirst()
                    .map(SignalStore.ModelState::previousPosition).orElse(0)
                    : SignalStore.previousPosition(c, model, bar.ts(), false, replay);
            SignalStore.NewSignal production = decide(model, use.id, bar, now, forced, previous, replay,
                    startNanos);
            outcome = production.reason().name();
            rows.add(production);
        }
        String productionModel = use == null ? null : use.modelId;
        for (SignalStore.ModelState m : state.models()) {
            if (m.shadow() && !m.modelId().equals(productionModel)) {
                rows.add(decide(m.modelId(), null, bar, now, null, m.previousPosition(), replay, startNanos));
            }
        }
        List<Signal> written = SignalStore.insert(c, rows);
        if (!replay && use != null) {
            long contractId = use.id;
            String model = use.modelId;
            if (written.stream().anyMatch(sig -> !sig.shadow() && sig.modelId().equals(model))) {
                productionSignals.fireAsync(new ProductionSignalWritten(contractId, model, bar.ts()));
            }
        }
        return new TickResult(bar.ts(), outcome, written);
    }

    // ------------------------------------------------------------------ data

    /** Why the policy may not decide on this bar, or null. Order: stale, NaN, low quality. */
    SignalReason dataReason(FeatureVector bar, Instant now) {
        Instant closedAt = bar.ts().plus(Duration.ofMinutes(config.market().barMinutes()));
        if (Duration.between(closedAt, now).compareTo(Duration.ofMinutes(config.market().maxBarAgeMinutes())) > 0) {
            return SignalReason.STALE_DATA;
        }
        for (double v : bar.values()) {
            if (Double.isNaN(v)) {
                return SignalReason.NAN_FEATURE;
            }
        }
        // a NaN score compares false: treated as low quality
        return bar.dataQualityScore() >= config.featureContract().minDataQualityScore() ? null : SignalReason.LOW_QUALITY;
    }

    // ------------------------------------------------------------------ decision

    /** One model's decision on the bar: the policy's, or flat with the reason it may not decide. */
    private SignalStore.NewSignal decide(String modelId, Long contractId, FeatureVector bar, Instant now,
            SignalReason forced, int previous, boolean replay, long startNanos) {
        SignalReason reason = forced != null ? forced : dataReason(bar, now);
        Double raw = null;
        int signal = 0;
        if (reason == null) {
            try {
                float action = policies.withModel(modelId, m -> {
                    float[] obs = new float[m.policy().inputWidth()];
                    BacktestAccounting.observation(bar, m.normStats(), settings, previous, obs, 0);
                    return m.policy().act(obs);
                });
                if (Float.isFinite(action)) {
                    raw = (double) action;
                    signal = settings.signal(action);
                    reason = SignalReason.OK;
                } else {
                    reason = SignalReason.MODEL_ERROR;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Policy %s failed on bar %s: signal 0", modelId, bar.ts());
                reason = SignalReason.MODEL_ERROR;
            }
        }
        long micros = (System.nanoTime() - startNanos) / 1_000;
        return new SignalStore.NewSignal(modelId, bar, raw, signal, reason, micros, contractId,
                featureStore.contractVersion(), contractId == null, replay);
    }
}
