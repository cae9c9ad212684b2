package co.usdcop.gate.inference;

import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.backtest.BacktestAccounting;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.models.artifacts.ArtifactService;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.PolicyCache;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.promotion.ProductionContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Live inference (L5). One {@link #tick} scores the newest closed bar:
 * <ol>
 *   <li>the newest feature row whose bar has closed ({@code ts + bar_minutes <= now}), after making sure the feature
 *       store is current;</li>
 *   <li>the active production contract, looked up on every tick (a promotion or rollback is used on the next tick,
 *       no restart); before its first use it is validated: the ONNX artifact's SHA-256 must equal
 *       {@code model_hash}, the norm-stats artifact's SHA-256 {@code norm_stats_hash}, the service's
 *       {@code feature_order_hash} the contract's, and the registry must pin the same hashes (the policy cache
 *       loads by model id). Results are cached per contract id. A contract that fails is not used: the previously
 *       validated contract keeps trading (after a restart: the contract the failing one replaced, if it validates;
 *       otherwise flat with CONTRACT_INVALID), and one alert row (per contract) plus one audit record are written;</li>
 *   <li>the observation is built exactly as in backtests ({@link BacktestAccounting#observation}: normalised and
 *       clipped market features, {@code position} = the model's previous {@code position_after} (0 if none),
 *       {@code time_normalized = (bar_number − 1)/(bars_per_session − 1)}), the policy runs and the action maps to a
 *       signal with {@link BacktestSettings#signal} (backtest.yaml thresholds);</li>
 *   <li>one {@code signals} row per model and bar, inserted with {@code on conflict do nothing}: a repeated or
 *       concurrent tick of the same bar writes nothing twice.</li>
 * </ol>
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
    static final String ALERT_CONTRACT_INVALID = "CONTRACT_VALIDATION_FAILED";
    private static final String SIGNAL_COLUMNS = "id, model_id, ts, raw_action, signal, position_after, reason,"
            + " latency_micros, contract_id, feature_ts, feature_contract_version, data_quality_score, shadow, replay,"
            + " created_at";

    @Inject
    FeatureStore featureStore;

    @Inject
    PolicyCache policies;

    @Inject
    ArtifactService artifacts;

    @Inject
    ModelRegistryService registry;

    @Inject
    KillSwitchService killSwitch;

    @Inject
    AuditLog audit;

    @Inject
    GateConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<ProductionSignalWritten> productionSignals;

    private BacktestSettings settings;
    private final Set<Long> validContracts = ConcurrentHashMap.newKeySet();
    /** The last contract that passed validation and was used: kept when a newer one fails. */
    private volatile ProductionContract lastValid;

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
        Optional<FeatureVector> bar = newestClosedBar(now);
        if (bar.isEmpty()) {
            LOG.debugf("Inference tick at %s: no closed bar", now);
            return new TickResult(null, "NO_DATA", List.of());
        }
        return score(now, bar.get());
    }

    /** Scores {@code bar} as the tick at {@code now} would (the tick's second half). */
    TickResult score(Instant now, FeatureVector bar) {
        return score(now, bar, false);
    }

    /**
     * Scores {@code bar} at {@code now}; with {@code replay} the rows are marked replay, chain their positions among
     * replay rows only and fire no {@link ProductionSignalWritten} (a replay never feeds the live risk guard).
     */
    @ActivateRequestContext
    TickResult score(Instant now, FeatureVector bar, boolean replay) {
        List<Signal> written = new ArrayList<>();
        ProductionContract active = QuarkusTransaction.requiringNew().call(ProductionContract::active);
        String outcome;
        String productionModel = null;
        if (active == null) {
            outcome = "NO_CONTRACT";
        } else {
            ProductionContract use = active;
            SignalReason forced = null;
            if (validate(active)) {
                lastValid = active;
            } else {
                ProductionContract fallback = fallback(active);
                if (fallback != null) {
                    use = fallback;
                } else {
                    forced = SignalReason.CONTRACT_INVALID;
                }
            }
            if (killSwitch.isTripped()) {
                forced = SignalReason.KILL_SWITCH;
            }
            productionModel = use.modelId;
            int before = written.size();
            outcome = decide(use.modelId, use.id, bar, now, forced, replay, written).name();
            if (written.size() > before && !replay) {
                productionSignals.fireAsync(new ProductionSignalWritten(use.id, use.modelId, bar.ts()));
            }
        }
        for (String staging : stagingModels()) {
            if (!staging.equals(productionModel)) {
                decide(staging, null, bar, now, null, replay, written);
            }
        }
        return new TickResult(bar.ts(), outcome, written);
    }

    // ------------------------------------------------------------------ data

    /** The newest stored feature row whose bar closed at or before {@code now}. */
    Optional<FeatureVector> newestClosedBar(Instant now) {
        featureStore.ensureFeatures(Instant.EPOCH, now);
        Instant closedBy = now.minus(Duration.ofMinutes(config.market().barMinutes()));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select max(ts) from inference_features where contract_version = ? and ts <= ?")) {
            ps.setString(1, featureStore.contractVersion());
            ps.setTimestamp(2, Timestamp.from(closedBy));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp ts = rs.getTimestamp(1);
                if (ts == null) {
                    return Optional.empty();
                }
                return featureStore.featuresBetween(ts.toInstant(), ts.toInstant()).stream().findFirst();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the newest feature row failed", e);
        }
    }

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
        return bar.dataQualityScore() >= config.market().minDataQualityScore() ? null : SignalReason.LOW_QUALITY;
    }

    // ------------------------------------------------------------------ decision

    private SignalReason decide(String modelId, Long contractId, FeatureVector bar, Instant now, SignalReason forced,
            boolean replay, List<Signal> written) {
        long start = System.nanoTime();
        boolean shadow = contractId == null;
        SignalReason reason = forced != null ? forced : dataReason(bar, now);
        Double raw = null;
        int signal = 0;
        if (reason == null) {
            int previous = previousPosition(modelId, bar.ts(), shadow, replay);
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
        long micros = (System.nanoTime() - start) / 1_000;
        insert(modelId, bar, raw, signal, reason, micros, contractId, shadow, replay).ifPresent(written::add);
        return reason;
    }

    /**
     * position_after of the model's latest earlier row of the same kind (production or shadow, live or replay);
     * 0 if none.
     */
    private int previousPosition(String modelId, Instant barTs, boolean shadow, boolean replay) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select position_after from signals where model_id = ? and replay = ? and shadow = ? and ts < ?"
                        + " order by ts desc limit 1")) {
            ps.setString(1, modelId);
            ps.setBoolean(2, replay);
            ps.setBoolean(3, shadow);
            ps.setTimestamp(4, Timestamp.from(barTs));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the previous position failed", e);
        }
    }

    private Optional<Signal> insert(String modelId, FeatureVector bar, Double raw, int signal, SignalReason reason,
            long micros, Long contractId, boolean shadow, boolean replay) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into signals (model_id, ts, raw_action, signal, position_after, reason, latency_micros,
                                     contract_id, feature_ts, feature_contract_version, data_quality_score, shadow,
                                     replay)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (model_id, ts, replay) do nothing
                returning\s""" + SIGNAL_COLUMNS)) {
            ps.setString(1, modelId);
            ps.setTimestamp(2, Timestamp.from(bar.ts()));
            if (raw == null) {
                ps.setNull(3, Types.DOUBLE);
            } else {
                ps.setDouble(3, raw);
            }
            ps.setInt(4, signal);
            ps.setInt(5, signal); // the signal is the target position; a fail-safe row is flat
            ps.setString(6, reason.name());
            ps.setLong(7, micros);
            if (contractId == null) {
                ps.setNull(8, Types.BIGINT);
            } else {
                ps.setLong(8, contractId);
            }
            ps.setTimestamp(9, Timestamp.from(bar.ts()));
            ps.setString(10, featureStore.contractVersion());
            if (Double.isNaN(bar.dataQualityScore())) {
                ps.setNull(11, Types.DOUBLE);
            } else {
                ps.setDouble(11, bar.dataQualityScore());
            }
            ps.setBoolean(12, shadow);
            ps.setBoolean(13, replay);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(signal(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing the signal of " + modelId + " failed", e);
        }
    }

    private List<String> stagingModels() {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select model_id from model_registry where stage = 'staging' order by model_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("listing staging models failed", e);
        }
    }

    // ------------------------------------------------------------------ contract validation

    /**
     * The contract to keep trading when {@code failed} does not validate: the last validated one in this process,
     * else (after a restart) the contract {@code failed} replaced, if it validates. Null if neither.
     */
    private ProductionContract fallback(ProductionContract failed) {
        if (lastValid != null) {
            return lastValid;
        }
        if (failed.previousContractId == null) {
            return null;
        }
        ProductionContract previous = QuarkusTransaction.requiringNew()
                .call(() -> ProductionContract.<ProductionContract>findById(failed.previousContractId));
        if (previous != null && validate(previous)) {
            lastValid = previous;
            return previous;
        }
        return null;
    }

    /** Forgets validations and the fallback contract, as a restart does. */
    void forgetValidations() {
        validContracts.clear();
        lastValid = null;
    }

    /** Whether the contract passed validation (cached per contract id on success). */
    boolean validate(ProductionContract c) {
        if (validContracts.contains(c.id)) {
            return true;
        }
        String problem = QuarkusTransaction.requiringNew().call(() -> problemWith(c));
        if (problem == null) {
            validContracts.add(c.id);
            LOG.infof("Production contract %d (model %s) validated", c.id, c.modelId);
            return true;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("contractId", c.id);
        details.put("modelId", c.modelId);
        details.put("problem", problem);
        details.put("keptContractId", lastValid == null ? null : lastValid.id);
        String message = "Production contract " + c.id + " (model " + c.modelId + ") failed validation: " + problem
                + (lastValid == null ? ". No validated contract to fall back on: signals are flat."
                        : ". Contract " + lastValid.id + " (model " + lastValid.modelId + ") stays in use.");
        if (raiseAlert(ALERT_CONTRACT_INVALID, "CRITICAL", "contract:" + c.id, message, details)) {
            LOG.error(message);
            audit.recordSeparately("INFERENCE_CONTRACT_REJECTED", "production_contract", String.valueOf(c.id),
                    details);
        }
        return false;
    }

    /** What is wrong with the contract's pins, or null. */
    private String problemWith(ProductionContract c) {
        String serviceOrder = config.featureContract().featureOrderHash();
        if (!serviceOrder.equals(c.featureOrderHash)) {
            return "its feature_order_hash " + c.featureOrderHash + " differs from the service's " + serviceOrder;
        }
        RegisteredModel m = registry.require(c.modelId);
        if (!c.modelHash.equals(m.modelHash) || !c.normStatsHash.equals(m.normStatsHash)) {
            return "its hashes differ from the registered model's (model_hash " + m.modelHash + ", norm_stats_hash "
                    + m.normStatsHash + ")";
        }
        String bad = artifactProblem(c.modelHash, "model_hash");
        return bad != null ? bad : artifactProblem(c.normStatsHash, "norm_stats_hash");
    }

    private String artifactProblem(String sha256, String what) {
        try {
            byte[] bytes = artifacts.read(artifacts.require(sha256, what));
            String actual = Hashes.sha256Hex(bytes);
            return actual.equals(sha256) ? null : "the " + what + " artifact hashes to " + actual;
        } catch (RuntimeException e) {
            return "the " + what + " artifact " + sha256 + " cannot be used: " + e.getMessage();
        }
    }

    /** Inserts an alert unless one of the same kind and subject exists; true if inserted. */
    public boolean raiseAlert(String kind, String severity, String subject, String message,
            Map<String, Object> details) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into inference_alerts (kind, severity, subject, message, details) values (?, ?, ?, ?, ?::jsonb)"
                        + " on conflict (kind, subject) do nothing")) {
            ps.setString(1, kind);
            ps.setString(2, severity);
            ps.setString(3, subject);
            ps.setString(4, message);
            ps.setString(5, CanonicalJson.of(details));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("raising an alert failed", e);
        }
    }

    // ------------------------------------------------------------------ queries

    /**
     * Signals with {@code from <= ts <= to} (either bound optional), newest first; {@code shadow} and {@code replay}
     * filter when given.
     */
    public Page<Signal> signals(String modelId, Instant from, Instant to, Boolean shadow, Boolean replay,
            Integer limit, Integer offset) {
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        String where = " where (?::text is null or model_id = ?) and (?::timestamptz is null or ts >= ?)"
                + " and (?::timestamptz is null or ts <= ?) and (?::boolean is null or shadow = ?)"
                + " and (?::boolean is null or replay = ?)";
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from signals" + where)) {
                bind(ps, modelId, from, to, shadow, replay);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Signal> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + SIGNAL_COLUMNS + " from signals" + where
                    + " order by ts desc, replay, shadow, model_id limit ? offset ?")) {
                bind(ps, modelId, from, to, shadow, replay);
                ps.setInt(11, lim);
                ps.setInt(12, off);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(signal(rs));
                    }
                }
            }
            return new Page<>(items, total, off, lim);
        } catch (SQLException e) {
            throw new IllegalStateException("reading signals failed", e);
        }
    }

    public Page<InferenceAlert> alerts(Integer limit, Integer offset) {
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from inference_alerts");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<InferenceAlert> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, kind, severity, subject, message,"
                    + " details::text, created_at from inference_alerts order by created_at desc, id desc"
                    + " limit ? offset ?")) {
                ps.setInt(1, lim);
                ps.setInt(2, off);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new InferenceAlert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
                    }
                }
            }
            return new Page<>(items, total, off, lim);
        } catch (SQLException e) {
            throw new IllegalStateException("reading alerts failed", e);
        }
    }

    private static void bind(PreparedStatement ps, String modelId, Instant from, Instant to, Boolean shadow,
            Boolean replay) throws SQLException {
        ps.setString(1, modelId);
        ps.setString(2, modelId);
        Timestamp f = from == null ? null : Timestamp.from(from);
        Timestamp t = to == null ? null : Timestamp.from(to);
        ps.setTimestamp(3, f);
        ps.setTimestamp(4, f);
        ps.setTimestamp(5, t);
        ps.setTimestamp(6, t);
        bindFlag(ps, 7, shadow);
        bindFlag(ps, 9, replay);
    }

    /** An optional boolean filter given twice ({@code ?::boolean is null or col = ?}) at {@code index}, index + 1. */
    private static void bindFlag(PreparedStatement ps, int index, Boolean value) throws SQLException {
        for (int i = index; i < index + 2; i++) {
            if (value == null) {
                ps.setNull(i, Types.BOOLEAN);
            } else {
                ps.setBoolean(i, value);
            }
        }
    }

    private static Signal signal(ResultSet rs) throws SQLException {
        double raw = rs.getDouble(4);
        Double rawAction = rs.wasNull() ? null : raw;
        long contract = rs.getLong(9);
        Long contractId = rs.wasNull() ? null : contract;
        double q = rs.getDouble(12);
        Double quality = rs.wasNull() ? null : q;
        return new Signal(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rawAction, rs.getInt(5),
                rs.getInt(6), SignalReason.valueOf(rs.getString(7)), rs.getLong(8), contractId,
                rs.getTimestamp(10).toInstant(), rs.getString(11), quality, rs.getBoolean(13), rs.getBoolean(14),
                rs.getTimestamp(15).toInstant());
    }
}
