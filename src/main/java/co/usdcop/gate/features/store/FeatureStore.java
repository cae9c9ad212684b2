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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
        try (Connection c = dataSource.getConnection()) {
            FeatureRowStore.markDirty(c, contractVersion(), event.from());
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
        try (Connection c = dataSource.getConnection()) {
            return FeatureRowStore.count(c, contractVersion(), from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("counting features failed", e);
        }
    }

    /**
     * The start (00:00 UTC) of the first of the {@code days} most recent trading dates with feature rows at or before
     * {@code atOrBefore}; null when there is no row. The window of drift reports and the default replay range.
     */
    public Instant startOfRecentTradingDates(int days, Instant atOrBefore) {
        try (Connection c = dataSource.getConnection()) {
            LocalDate first = FeatureRowStore.firstOfRecentTradingDates(c, contractVersion(), atOrBefore, days);
            return first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException("finding the " + days + " most recent trading dates failed", e);
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
        try (Connection c = dataSource.getConnection()) {
            return FeatureRowStore.needsRefresh(c, contractVersion(), to);
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
            FeatureRowStore.RefreshWork work = FeatureRowStore.refreshWork(c, version);
            Instant dirtyFrom = work.dirtyFrom();
            Instant firstMissing = work.firstMissing();
            Instant lastBar = work.lastBar();
            Instant start = dirtyFrom == null ? firstMissing
                    : firstMissing == null || dirtyFrom.isBefore(firstMissing) ? dirtyFrom : firstMissing;
            int written = 0;
            if (start != null && lastBar != null && !start.isAfter(lastBar)) {
                written = FeatureRecomputation.run(c, features, start, lastBar, clock.instant());
            }
            if (work.stateVersion() >= 0) {
                FeatureRowStore.clearDirty(c, version, work.stateVersion());
            }
            if (written > 0) {
                LOG.infof("Feature store %s: %d row(s) written from %s", version, written, start);
            }
            return written;
        }
    }
}
