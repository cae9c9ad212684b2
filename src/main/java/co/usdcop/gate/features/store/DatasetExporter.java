package co.usdcop.gate.features.store;

import co.usdcop.gate.artifacts.ArtifactKind;
import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.security.CurrentUser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dataset export (L2). {@link #exportDataset} writes the feature rows of a range as CSV ({@link FeatureRowsCsv}:
 * ts, trading_date, bar_number, the 13 features in contract order, close, quality columns) and
 * {@link #exportNormStats} writes {@code norm_stats.json} for the range; both are stored content-addressed through
 * {@link ArtifactService} and recorded in {@code market_exports}, so the same range of the same data always yields the
 * same hash; the artifact (kind {@code dataset} or {@code norm_stats}) is what lets model registration recognise a
 * dataset_hash the service produced.
 * <p>
 * Norm stats: for each market feature over the rows where it is present, mean = Σx/n and std = sample standard
 * deviation √(Σ(x − mean)²/(n − 1)) (two-pass); a feature with fewer than 2 values or std = 0 is refused, since a
 * model could not be normalised with it. JSON: {@code {"<feature>": {"mean": m, "std": s}, ...}} in contract order.
 */
@ApplicationScoped
public class DatasetExporter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    FeatureStore store;

    @Inject
    ArtifactService artifacts;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditLog audit;

    @Inject
    Instance<CurrentUser> currentUser;

    @Transactional
    public DatasetExport exportDataset(Instant from, Instant to) {
        FeatureSnapshot snap = nonEmpty(from, to);
        byte[] csv = FeatureRowsCsv.of(snap.rows()).getBytes(StandardCharsets.UTF_8);
        String sha = artifacts.store(new ByteArrayInputStream(csv), ArtifactKind.DATASET, "text/csv").sha256();
        return record("dataset", sha, snap, from, to, csv.length);
    }

    @Transactional
    public DatasetExport exportNormStats(Instant from, Instant to) {
        FeatureSnapshot snap = nonEmpty(from, to);
        byte[] json = normStatsJson(snap.rows()).getBytes(StandardCharsets.UTF_8);
        String sha = artifacts.store(new ByteArrayInputStream(json), ArtifactKind.NORM_STATS, "application/json").sha256();
        return record("norm_stats", sha, snap, from, to, json.length);
    }

    /** norm_stats.json of the rows (see the class comment). */
    public static String normStatsJson(List<FeatureVector> rows) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        List<String> names = CanonicalFeatures.MARKET_FEATURES;
        for (int i = 0; i < names.size(); i++) {
            long n = 0;
            double sum = 0;
            for (FeatureVector f : rows) {
                double x = f.values()[i];
                if (!Double.isNaN(x)) {
                    n++;
                    sum += x;
                }
            }
            double mean = sum / n;
            double squares = 0;
            for (FeatureVector f : rows) {
                double x = f.values()[i];
                if (!Double.isNaN(x)) {
                    squares += (x - mean) * (x - mean);
                }
            }
            double std = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
            if (n < 2 || !(std > 0) || !Double.isFinite(std)) {
                throw new InvalidInputException("Cannot compute norm stats: feature '" + names.get(i) + "' has " + n
                        + " value(s) in the range" + (n > 1 ? " and no variation" : "")
                        + "; choose a longer range with macro data and warmed-up indicators.");
            }
            Map<String, Double> stat = new LinkedHashMap<>();
            stat.put("mean", mean);
            stat.put("std", std);
            out.put(names.get(i), stat);
        }
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FeatureSnapshot nonEmpty(Instant from, Instant to) {
        FeatureSnapshot snap = store.snapshot(from, to);
        if (snap.rows().isEmpty()) {
            throw new InvalidInputException("No feature rows between " + from + " and " + to
                    + "; ingest bars for that range first (POST /api/market/bars.csv or ingestBars).");
        }
        return snap;
    }

    private DatasetExport record(String kind, String sha, FeatureSnapshot snap, Instant from, Instant to, long size) {
        DatasetExport export = new DatasetExport(kind, sha, snap.rows().size(), from, to, snap.featureOrderHash(),
                snap.contractVersion(), snap.dataSnapshotHash(), size);
        String actor = actor();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into market_exports (sha256, kind, from_ts, to_ts, rows, feature_order_hash, contract_version,
                                            data_snapshot_hash, size_bytes, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (sha256) do nothing""")) {
            ps.setString(1, sha);
            ps.setString(2, kind);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setInt(5, export.rows());
            ps.setString(6, export.featureOrderHash());
            ps.setString(7, export.contractVersion());
            ps.setString(8, export.dataSnapshotHash());
            ps.setLong(9, size);
            ps.setString(10, actor);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the export failed", e);
        }
        String action = kind.equals("dataset") ? AuditActions.DATASET_EXPORTED : AuditActions.NORM_STATS_EXPORTED;
        audit.record(action, "artifact", sha, CanonicalJson.MAPPER.convertValue(export, Map.class));
        return export;
    }

    private String actor() {
        try {
            return currentUser.get().subject();
        } catch (RuntimeException noRequest) {
            return CurrentUser.SYSTEM;
        }
    }

    /** The bar range (UTC dates, inclusive) of a dataset this service exported. */
    public record ExportedRange(LocalDate from, LocalDate to) {
    }

    /** The range of the dataset export with this hash; empty for a hash the service did not export as a dataset. */
    public Optional<ExportedRange> exportedDataset(String datasetHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select (from_ts at"
                + " time zone 'UTC')::date, (to_ts at time zone 'UTC')::date from market_exports where sha256 = ?"
                + " and kind = 'dataset'")) {
            ps.setString(1, datasetHash == null ? "" : datasetHash.trim());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ExportedRange(rs.getObject(1, LocalDate.class),
                        rs.getObject(2, LocalDate.class))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the dataset export " + datasetHash + " failed", e);
        }
    }
}
