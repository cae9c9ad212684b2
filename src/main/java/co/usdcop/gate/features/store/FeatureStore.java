package co.usdcop.gate.features.store;

import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.CanonicalFeatureBuilder;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.MarketDataChanged;
import co.usdcop.gate.market.MarketDataReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The feature store: {@code inference_features} rows of the current feature-contract version, computed only by
 * {@link CanonicalFeatureBuilder} over the stored bars and the point-in-time macro observations.
 * <p>
 * Keeping it current: ingestion lowers {@code feature_refresh_state.dirty_from} in its own transaction (earliest
 * bar time or publication time that changed) and, after commit, asks for a refresh; the hourly macro
 * consolidation job and every read ({@link #ensureFeatures}) do the same. A refresh recomputes from
 * min(dirty_from, first bar without a row) to the last bar. The builder always starts at the first stored bar
 * (its warm-up is the whole history), so a row's values do not depend on when or in which pieces it was computed:
 * recomputing is idempotent to the bit, and unchanged rows are not rewritten. Refreshes are serialised across
 * replicas by a PostgreSQL advisory lock; dirty_from is cleared only if no ingestion marked it meanwhile.
 */
@ApplicationScoped
public class FeatureStore {

    private static final Logger LOG = Logger.getLogger(FeatureStore.class);
    private static final int REFRESH_TIMEOUT_SECONDS = 1_800;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GateConfig config;

    @Inject
    Clock clock;

    private CanonicalFeatures features;
    private ExecutorService background;

    @PostConstruct
    void init() {
        features = CanonicalFeatures.of(config.featureContract(), config.market());
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "feature-store-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
    }

    public CanonicalFeatures canonicalFeatures() {
        return features;
    }

    public String contractVersion() {
        return features.contractVersion();
    }

    /** In the ingestion transaction: the features of bars at or after {@code event.from()} must be recomputed. */
    void markDirty(@Observes(during = TransactionPhase.IN_PROGRESS) MarketDataChanged event) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into feature_refresh_state (contract_version, dirty_from) values (?, ?)
                on conflict (contract_version) do update
                set dirty_from = least(coalesce(feature_refresh_state.dirty_from, excluded.dirty_from), excluded.dirty_from),
                    version = feature_refresh_state.version + 1, updated_at = now()""")) {
            ps.setString(1, contractVersion());
            ps.setTimestamp(2, Timestamp.from(event.from()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("marking features for recomputation failed", e);
        }
    }

    /** After the ingestion committed: recompute in the background. */
    void refreshAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) MarketDataChanged event) {
        if (!background.isShutdown()) {
            background.submit(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Feature refresh after ingestion failed; the next read or the hourly job retries");
                }
            });
        }
    }

    /** Recomputes what is dirty or missing, up to the last bar; returns the number of rows inserted or changed. */
    public int refresh() {
        return QuarkusTransaction.requiringNew().timeout(REFRESH_TIMEOUT_SECONDS).call(this::refreshInTransaction);
    }

    /** Makes sure the rows up to {@code to} are current (recomputing if needed); {@code from} bounds nothing more. */
    public void ensureFeatures(Instant from, Instant to) {
        MarketDataReader.requireRange(from, to);
        if (needsRefresh(to)) {
            refresh();
        }
    }

    /** The stored feature rows with {@code from <= ts <= to}, oldest first, after {@link #ensureFeatures}. */
    public List<FeatureVector> featuresBetween(Instant from, Instant to) {
        ensureFeatures(from, to);
        return read(from, to, 0, 0);
    }

    /** The rows of a range and their data_snapshot_hash. */
    public FeatureSnapshot snapshot(Instant from, Instant to) {
        ensureFeatures(from, to);
        List<FeatureVector> rows = read(from, to, 0, 0);
        return new FeatureSnapshot(rows, Hashes.sha256Hex(FeatureRowsCsv.of(rows)), features.featureOrderHash(),
                contractVersion());
    }

    /** One page of rows (for the API). */
    public List<FeatureVector> page(Instant from, Instant to, int limit, int offset) {
        ensureFeatures(from, to);
        return read(from, to, limit, offset);
    }

    /** Number of stored rows with {@code from <= ts <= to}. */
    public long count(Instant from, Instant to) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from inference_features where contract_version = ? and ts between ? and ?")) {
            ps.setString(1, contractVersion());
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting features failed", e);
        }
    }

    private List<FeatureVector> read(Instant from, Instant to, int limit, int offset) {
        try (Connection c = dataSource.getConnection()) {
            return FeatureRowStore.read(c, contractVersion(), from, to, limit, offset);
        } catch (SQLException e) {
            throw new IllegalStateException("reading features failed", e);
        }
    }

    /** Whether some bar at or before {@code to} has no current row, or inputs changed at or before {@code to}. */
    boolean needsRefresh(Instant to) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select exists (select 1 from feature_refresh_state where contract_version = ? and dirty_from <= ?)
                    or exists (select 1 from usdcop_m5_ohlcv b where b.ts <= ? and not exists
                               (select 1 from inference_features f where f.ts = b.ts and f.contract_version = ?))""")) {
            ps.setString(1, contractVersion());
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setString(4, contractVersion());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("checking the feature store failed", e);
        }
    }

    private int refreshInTransaction() throws SQLException {
        String version = contractVersion();
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute(AdvisoryLock.FEATURE_REFRESH.sql());
            }
            Instant dirtyFrom = null;
            long stateVersion = -1;
            try (PreparedStatement ps = c.prepareStatement(
                    "select dirty_from, version from feature_refresh_state where contract_version = ?")) {
                ps.setString(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Timestamp t = rs.getTimestamp(1);
                        dirtyFrom = t == null ? null : t.toInstant();
                        stateVersion = rs.getLong(2);
                    }
                }
            }
            Instant firstMissing = null;
            Instant lastBar = null;
            try (PreparedStatement ps = c.prepareStatement("""
                    select (select min(b.ts) from usdcop_m5_ohlcv b where not exists
                              (select 1 from inference_features f where f.ts = b.ts and f.contract_version = ?)),
                           (select max(ts) from usdcop_m5_ohlcv)""")) {
                ps.setString(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    firstMissing = rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant();
                    lastBar = rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant();
                }
            }
            Instant start = dirtyFrom == null ? firstMissing
                    : firstMissing == null || dirtyFrom.isBefore(firstMissing) ? dirtyFrom : firstMissing;
            int written = 0;
            if (start != null && lastBar != null && !start.isAfter(lastBar)) {
                written = FeatureRecomputation.run(c, features, start, lastBar, clock.instant());
            }
            if (stateVersion >= 0) {
                try (PreparedStatement ps = c.prepareStatement("update feature_refresh_state set dirty_from = null, "
                        + "version = version + 1, updated_at = now() where contract_version = ? and version = ?")) {
                    ps.setString(1, version);
                    ps.setLong(2, stateVersion);
                    ps.executeUpdate();
                }
            }
            if (written > 0) {
                LOG.infof("Feature store %s: %d row(s) written from %s", version, written, start);
            }
            return written;
        }
    }
}
