package co.usdcop.gate.monitoring;

import co.usdcop.gate.backtest.BacktestService;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.MonitoringConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.TradingSession;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.market.MarketDataReader;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.RegisteredModel;
import co.usdcop.gate.monitoring.DriftReport.Freshness;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature drift of a model ({@link DriftStatistics} per market feature). The reference is the model's training range
 * as stored in the service's own feature store — the same rows the model's dataset was exported from — and the
 * window is the last {@code windowDays} trading dates with feature rows at or before {@code asOf}. Missing (NaN)
 * values are left out of both samples and counted. Raw features are compared: PSI over quantile bins and KS are
 * unchanged by the model's normalisation (an increasing transformation), so one report serves every model trained
 * on the same range.
 */
@ApplicationScoped
public class DriftService {

    @Inject
    FeatureStore featureStore;

    @Inject
    ModelRegistryService registry;

    @Inject
    BacktestService backtests;

    @Inject
    GateConfig config;

    @Inject
    MarketDataReader market;

    @Inject
    AgroalDataSource dataSource;

    /** Computes (does not store) the model's drift report. */
    public DriftReport compute(String modelId, Integer windowDays, Instant asOf, String runBy) {
        return compute(modelId, windowDays, asOf, runBy, new HashMap<>());
    }

    /**
     * As above, reading feature rows through {@code rows} (range → rows): a monitoring run passes one map for all
     * its models, which share the window and, per experiment, the training range, so each range is read once.
     */
    DriftReport compute(String modelId, Integer windowDays, Instant asOf, String runBy,
            Map<List<Instant>, List<FeatureVector>> rows) {
        MonitoringConfig m = config.monitoring();
        int days = windowDays == null ? m.windowDays() : windowDays;
        if (days < 1 || days > 366) {
            throw new InvalidInputException("windowDays must be between 1 and 366 trading dates, got " + days + ".");
        }
        RegisteredModel model = registry.require(modelId);
        LocalDate[] train = backtests.trainingRange(model.experimentContractId);
        if (train[0] == null) {
            throw new InvalidInputException("Model '" + modelId + "' has no known training range (experiment "
                    + model.experimentContractId + "), so there is no reference to measure drift against.");
        }
        Freshness freshness = freshness(asOf);
        Instant windowStart = windowStart(days, asOf);
        List<FeatureVector> window = windowStart == null ? List.of() : rowsBetween(rows, windowStart, asOf);
        List<FeatureVector> reference = rowsBetween(rows, train[0].atStartOfDay().toInstant(ZoneOffset.UTC),
                train[1].plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1));

        List<String> names = config.featureContract().marketFeatureNames();
        List<FeatureDrift> features = new ArrayList<>(names.size());
        boolean enoughRows = window.size() >= m.minWindowRows() && reference.size() >= m.minReferenceRows();
        DriftLevel level = enoughRows ? DriftLevel.OK : DriftLevel.INSUFFICIENT_DATA;
        Double maxPsi = null;
        Double maxKs = null;
        for (int f = 0; f < names.size(); f++) {
            double[] ref = sortedValues(reference, f);
            double[] win = sortedValues(window, f);
            FeatureDrift d = featureDrift(names.get(f), ref, win, window.size() - win.length, enoughRows, m);
            features.add(d);
            if (d.psi() != null) {
                maxPsi = maxPsi == null ? d.psi() : Math.max(maxPsi, d.psi());
                maxKs = maxKs == null ? d.ks() : Math.max(maxKs, d.ks());
                level = level.worst(d.level());
            }
        }
        Instant from = window.isEmpty() ? null : window.get(0).ts();
        Instant to = window.isEmpty() ? null : window.get(window.size() - 1).ts();
        boolean overlaps = from != null && !window.get(0).tradingDate().isAfter(train[1])
                && !window.get(window.size() - 1).tradingDate().isBefore(train[0]);
        return new DriftReport(null, model.modelId, asOf, days, from, to, window.size(), train[0], train[1],
                reference.size(), overlaps, level, maxPsi, maxKs, features, freshness, runBy, null);
    }

    private List<FeatureVector> rowsBetween(Map<List<Instant>, List<FeatureVector>> rows, Instant from, Instant to) {
        return rows.computeIfAbsent(List.of(from, to), k -> featureStore.featuresBetween(from, to));
    }

    /** One feature's statistics and level; levels need enough rows overall and values in both samples. */
    static FeatureDrift featureDrift(String name, double[] ref, double[] win, int windowMissing, boolean enoughRows,
            MonitoringConfig m) {
        Double refMean = ref.length == 0 ? null : Arrays.stream(ref).average().orElseThrow();
        Double winMean = win.length == 0 ? null : Arrays.stream(win).average().orElseThrow();
        if (!enoughRows || ref.length == 0 || win.length == 0) {
            return new FeatureDrift(name, null, null, null, DriftLevel.INSUFFICIENT_DATA, refMean, winMean, ref.length,
                    win.length, windowMissing);
        }
        double psi = DriftStatistics.psi(ref, win, m.bins(), m.proportionFloor());
        double ks = DriftStatistics.ks(ref, win);
        DriftLevel level = psi >= m.psiAlert() || ks >= m.ksAlert() ? DriftLevel.ALERT
                : psi >= m.psiWarn() || ks >= m.ksWarn() ? DriftLevel.WARN : DriftLevel.OK;
        return new FeatureDrift(name, psi, ks, DriftStatistics.ksPValue(ks, ref.length, win.length), level, refMean,
                winMean, ref.length, win.length, windowMissing);
    }

    private static double[] sortedValues(List<FeatureVector> rows, int feature) {
        double[] out = new double[rows.size()];
        int n = 0;
        for (FeatureVector r : rows) {
            double v = r.values()[feature];
            if (!Double.isNaN(v)) {
                out[n++] = v;
            }
        }
        double[] values = Arrays.copyOf(out, n);
        Arrays.sort(values);
        return values;
    }

    /** The first instant of the {@code days}-th most recent trading date with feature rows at or before asOf. */
    private Instant windowStart(int days, Instant asOf) {
        return featureStore.startOfRecentTradingDates(days, asOf);
    }

    /** The newest stored bar and how old it is at {@code asOf}. */
    Freshness freshness(Instant asOf) {
        TradingSession session = TradingSession.of(config.market());
        boolean inSession = session.isInSession(asOf);
        Instant newest = market.newestBarAtOrBefore(asOf);
        if (newest == null) {
            return new Freshness(null, null, inSession, inSession);
        }
        Instant closed = newest.plus(Duration.ofMinutes(config.market().barMinutes()));
        long age = Math.max(0, Duration.between(closed, asOf).toMinutes());
        return new Freshness(newest, age, inSession, inSession && age > config.market().maxBarAgeMinutes());
    }

    // ------------------------------------------------------------------ stored reports

    /** Stores a report (one per model, asOf and window); returns it with its id, or the existing one. */
    public DriftReport store(DriftReport r) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into drift_reports (model_id, as_of, window_days, level, max_psi, max_ks, run_by, report)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (model_id, as_of, window_days) do nothing returning id, created_at""")) {
            ps.setString(1, r.modelId());
            ps.setTimestamp(2, Timestamp.from(r.asOf()));
            ps.setInt(3, r.windowDays());
            ps.setString(4, r.level().name());
            ps.setObject(5, r.maxPsi());
            ps.setObject(6, r.maxKs());
            ps.setString(7, r.runBy());
            ps.setString(8, CanonicalJson.of(r));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return withId(r, rs.getLong(1), rs.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the drift report failed", e);
        }
        return r;
    }

    /** Stored reports of a model, newest first. */
    public Page<DriftReport> history(String modelId, Integer limit, Integer offset) {
        registry.require(modelId);
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        try (Connection c = dataSource.getConnection()) {
            long total = Page.NOT_COUNTED;
            if (Page.totalSelected()) try (PreparedStatement ps = c.prepareStatement("select count(*) from drift_reports where model_id = ?")) {
                ps.setString(1, modelId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DriftReport> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, created_at, report::text from drift_reports"
                    + " where model_id = ? order by as_of desc, id desc limit ? offset ?")) {
                ps.setString(1, modelId);
                ps.setInt(2, lim);
                ps.setInt(3, off);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DriftReport r = CanonicalJson.MAPPER.readValue(rs.getString(3), DriftReport.class);
                        items.add(withId(r, rs.getLong(1), rs.getTimestamp(2).toInstant()));
                    }
                }
            }
            return new Page<>(items, total, off, lim);
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("reading drift reports failed", e);
        }
    }

    private static DriftReport withId(DriftReport r, long id, Instant createdAt) {
        return new DriftReport(id, r.modelId(), r.asOf(), r.windowDays(), r.windowFrom(), r.windowTo(), r.windowRows(),
                r.referenceFrom(), r.referenceTo(), r.referenceRows(), r.windowOverlapsTraining(), r.level(),
                r.maxPsi(), r.maxKs(), r.features(), r.freshness(), r.runBy(), createdAt);
    }
}
