package co.usdcop.gate.features.store;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.MarketDataReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * JDBC access to {@code inference_features} and {@code feature_refresh_state} on the caller's connection, the one
 * place with SQL on these tables: the bulk upsert (COPY into a temp table, then
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE IS DISTINCT FROM}, so recomputing identical values rewrites
 * nothing, not even computed_at), the range read back into {@link FeatureVector}s, the newest row for the tick, the
 * refresh state (what must be recomputed) and the summaries other features ask for (data quality, recent trading
 * dates). The 13 feature columns are named after {@link CanonicalFeatures#MARKET_FEATURES} (migration V21). Public
 * so the benchmarks can use the service's own statements without the container.
 */
public final class FeatureRowStore {

    private static final String FEATURE_COLUMNS = String.join(", ", CanonicalFeatures.MARKET_FEATURES);
    private static final String VALUE_COLUMNS = FEATURE_COLUMNS
            + ", close, macro_levels, macro_was_ffilled, ohlcv_was_interpolated, data_quality_score";

    private FeatureRowStore() {
    }

    /** Upserts rows of one contract version; returns how many rows were inserted or changed. */
    public static int upsert(Connection c, List<FeatureVector> rows, String contractVersion, String featureOrderHash,
            Instant computedAt) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (Statement st = c.createStatement()) {
            st.execute("create temp table if not exists features_staging (ts bigint, trading_date date, "
                    + "bar_number smallint, " + String.join(" float8, ", CanonicalFeatures.MARKET_FEATURES)
                    + " float8, close float8, macro_levels jsonb, macro_was_ffilled boolean, "
                    + "ohlcv_was_interpolated boolean, data_quality_score float8) on commit delete rows");
            st.execute("truncate features_staging");
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy features_staging from stdin");
        try {
            StringBuilder sb = new StringBuilder(1 << 20);
            for (FeatureVector f : rows) {
                sb.append(f.ts().getEpochSecond()).append('\t').append(f.tradingDate()).append('\t').append(f.barNumber());
                for (double v : f.values()) {
                    sb.append('\t');
                    if (Double.isNaN(v)) {
                        sb.append("\\N");
                    } else {
                        sb.append(v);
                    }
                }
                sb.append('\t').append(f.close()).append('\t').append(levelsJson(f.macroLevels()).replace("\\", "\\\\"))
                        .append('\t').append(f.macroWasFfilled()).append('\t').append(f.ohlcvWasInterpolated())
                        .append('\t').append(f.dataQualityScore()).append('\n');
                if (sb.length() > (1 << 20) - 4096) {
                    write(copy, sb);
                }
            }
            write(copy, sb);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        StringBuilder set = new StringBuilder();
        StringBuilder old = new StringBuilder();
        StringBuilder neu = new StringBuilder();
        for (String col : VALUE_COLUMNS.split(", ")) {
            set.append(col).append(" = excluded.").append(col).append(", ");
            old.append(old.isEmpty() ? "" : ", ").append("t.").append(col);
            neu.append(neu.isEmpty() ? "" : ", ").append("excluded.").append(col);
        }
        String sql = "insert into inference_features as t (ts, contract_version, trading_date, bar_number, "
                + VALUE_COLUMNS + ", feature_order_hash, computed_at) "
                + "select to_timestamp(ts), ?, trading_date, bar_number, " + VALUE_COLUMNS + ", ?, ? from features_staging "
                + "on conflict (ts, contract_version) do update set " + set
                + "trading_date = excluded.trading_date, bar_number = excluded.bar_number, "
                + "feature_order_hash = excluded.feature_order_hash, computed_at = excluded.computed_at "
                + "where (" + old + ", t.feature_order_hash) is distinct from (" + neu + ", excluded.feature_order_hash)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, contractVersion);
            ps.setString(2, featureOrderHash);
            ps.setTimestamp(3, Timestamp.from(computedAt));
            return ps.executeUpdate();
        }
    }

    /**
     * The newest row of a contract version with {@code ts <= atOrBefore} and what tells whether it is current, as a
     * FROM item: {@code x} (columns {@code last_bar}, {@code dirty}) left-joined with the row {@code f} (the columns
     * {@link #row} reads, in its order). Five parameters, bound by {@link #bindNewest}. Other statements of the tick
     * join their own reads to it, so the tick's reads are one round trip.
     */
    public static final String NEWEST_FROM = "(select"
            + " (select max(b.ts) from (" + MarketDataReader.BAR_TIMES + ") b where b.ts <= ?) as last_bar,"
            + " exists (select 1 from feature_refresh_state where contract_version = ? and dirty_from <= ?) as dirty"
            + ") x left join lateral (select ts, trading_date, bar_number, " + VALUE_COLUMNS
            + " from inference_features where contract_version = ? and ts <= ? order by ts desc limit 1) f on true";

    /**
     * The newest row of a contract version with {@code ts <= atOrBefore}, and whether it is current: the newest
     * stored bar at or before {@code atOrBefore} has that row and no input changed at or before it
     * ({@code feature_refresh_state.dirty_from}). One statement of index lookups (no scan), for the live tick.
     * Ingestion marks every change in {@code dirty_from}, so a current newest row means the rows behind it are too.
     */
    public static Newest newest(Connection c, String contractVersion, Instant atOrBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select f.*, x.last_bar, x.dirty from " + NEWEST_FROM)) {
            bindNewest(ps, 1, contractVersion, atOrBefore);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return newest(rs);
            }
        }
    }

    /** Binds the five parameters of {@link #NEWEST_FROM} from parameter {@code first} on; returns the next one. */
    public static int bindNewest(PreparedStatement ps, int first, String contractVersion, Instant atOrBefore)
            throws SQLException {
        Timestamp at = Timestamp.from(atOrBefore);
        ps.setTimestamp(first, at);
        ps.setString(first + 1, contractVersion);
        ps.setTimestamp(first + 2, at);
        ps.setString(first + 3, contractVersion);
        ps.setTimestamp(first + 4, at);
        return first + 5;
    }

    /**
     * Reads the newest row and its freshness from the current result row of a statement that selects
     * {@code f.*, x.last_bar, x.dirty} (f's columns first) from {@link #NEWEST_FROM}.
     */
    public static Newest newest(ResultSet rs) throws SQLException {
        Timestamp lastBar = rs.getTimestamp("last_bar");
        boolean dirty = rs.getBoolean("dirty");
        FeatureVector row = rs.getTimestamp(1) == null ? null : row(rs);
        boolean current = !dirty && (lastBar == null || row != null && row.ts().equals(lastBar.toInstant()));
        return new Newest(row, current);
    }

    /** The newest feature row (null when none) and whether it is current (see {@link #newest}). */
    public record Newest(FeatureVector row, boolean current) {
    }

    /** Number of rows of a contract version with {@code from <= ts <= to}. */
    static long count(Connection c, String contractVersion, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select count(*) from inference_features where contract_version = ? and ts between ? and ?")) {
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The first day (a trading date) of the {@code days} most recent trading dates with rows of a contract version at
     * or before {@code atOrBefore}; null when there is no such row.
     */
    static LocalDate firstOfRecentTradingDates(Connection c, String contractVersion, Instant atOrBefore, int days)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select min(trading_date) from (
                  select distinct trading_date from inference_features
                  where contract_version = ? and ts <= ? order by trading_date desc limit ?) d""")) {
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(atOrBefore));
            ps.setInt(3, days);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, LocalDate.class);
            }
        }
    }

    /** What the data-quality summary reads of the rows of a range. */
    record RangeSummary(long rows, Double ffilledShare, Double meanScore, long belowMinScore, long afterHoles) {
    }

    static RangeSummary summary(Connection c, String contractVersion, Instant from, Instant to, double minScore)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*), avg(case when macro_was_ffilled then 1.0 else 0.0 end), "
                + "avg(data_quality_score), count(*) filter (where data_quality_score < ?), "
                + "count(*) filter (where ohlcv_was_interpolated) from inference_features "
                + "where contract_version = ? and ts between ? and ?")) {
            ps.setDouble(1, minScore);
            ps.setString(2, contractVersion);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                return new RangeSummary(rows, rows == 0 ? null : rs.getDouble(2), rows == 0 ? null : rs.getDouble(3),
                        rs.getLong(4), rs.getLong(5));
            }
        }
    }

    // ------------------------------------------------------------------ refresh state

    /** In the ingestion transaction: rows at or after {@code from} must be recomputed. */
    static void markDirty(Connection c, String contractVersion, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into feature_refresh_state (contract_version, dirty_from) values (?, ?)
                on conflict (contract_version) do update
                set dirty_from = least(coalesce(feature_refresh_state.dirty_from, excluded.dirty_from), excluded.dirty_from),
                    version = feature_refresh_state.version + 1, updated_at = now()""")) {
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.executeUpdate();
        }
    }

    /** Whether some recomputation is pending (inputs changed since the last refresh). */
    static boolean refreshPending(Connection c, String contractVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from feature_refresh_state "
                + "where contract_version = ? and dirty_from is not null)")) {
            ps.setString(1, contractVersion);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Whether some bar at or before {@code to} has no row, or inputs changed at or before {@code to}. */
    static boolean needsRefresh(Connection c, String contractVersion, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select exists (select 1 from feature_refresh_state where contract_version = ? and dirty_from <= ?)
                    or exists (select 1 from (%s) b where b.ts <= ? and not exists
                               (select 1 from inference_features f where f.ts = b.ts and f.contract_version = ?))"""
                .formatted(MarketDataReader.BAR_TIMES))) {
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setString(4, contractVersion);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * What a refresh must recompute: the earliest changed input ({@code dirtyFrom}, null if none) with the state's
     * version ({@code -1} without a state row), the first bar without a row and the last bar (null if none).
     */
    record RefreshWork(Instant dirtyFrom, long stateVersion, Instant firstMissing, Instant lastBar) {
    }

    static RefreshWork refreshWork(Connection c, String contractVersion) throws SQLException {
        Instant dirtyFrom = null;
        long stateVersion = -1;
        try (PreparedStatement ps = c.prepareStatement(
                "select dirty_from, version from feature_refresh_state where contract_version = ?")) {
            ps.setString(1, contractVersion);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Timestamp t = rs.getTimestamp(1);
                    dirtyFrom = t == null ? null : t.toInstant();
                    stateVersion = rs.getLong(2);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select (select min(b.ts) from (%1$s) b where not exists
                          (select 1 from inference_features f where f.ts = b.ts and f.contract_version = ?)),
                       (select max(b.ts) from (%1$s) b)""".formatted(MarketDataReader.BAR_TIMES))) {
            ps.setString(1, contractVersion);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant firstMissing = rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant();
                Instant lastBar = rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant();
                return new RefreshWork(dirtyFrom, stateVersion, firstMissing, lastBar);
            }
        }
    }

    /** Clears the changed-input mark if the state is still at {@code stateVersion} (nothing changed meanwhile). */
    static void clearDirty(Connection c, String contractVersion, long stateVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update feature_refresh_state set dirty_from = null, "
                + "version = version + 1, updated_at = now() where contract_version = ? and version = ?")) {
            ps.setString(1, contractVersion);
            ps.setLong(2, stateVersion);
            ps.executeUpdate();
        }
    }

    /** Rows of one contract version with {@code from <= ts <= to}, oldest first, optionally one page. */
    public static List<FeatureVector> read(Connection c, String contractVersion, Instant from, Instant to, int limit,
            int offset) throws SQLException {
        String sql = "select ts, trading_date, bar_number, " + VALUE_COLUMNS + " from inference_features "
                + "where contract_version = ? and ts >= ? and ts <= ? order by ts"
                + (limit > 0 ? " limit " + limit + " offset " + offset : "");
        List<FeatureVector> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(10_000);
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    static FeatureVector row(ResultSet rs) throws SQLException {
        int n = CanonicalFeatures.MARKET_FEATURE_COUNT;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double v = rs.getDouble(4 + i);
            values[i] = rs.wasNull() ? Double.NaN : v;
        }
        int k = 4 + n;
        return new FeatureVector(rs.getTimestamp(1).toInstant(), rs.getObject(2, LocalDate.class), rs.getInt(3),
                values, rs.getDouble(k), parseLevels(rs.getString(k + 1)), rs.getBoolean(k + 2), rs.getBoolean(k + 3),
                rs.getDouble(k + 4));
    }

    /** Macro levels as canonical JSON (sorted keys); missing (NaN) levels are left out. */
    static String levelsJson(Map<String, Double> levels) {
        Map<String, Double> present = new TreeMap<>();
        if (levels != null) {
            for (Map.Entry<String, Double> e : levels.entrySet()) {
                if (e.getValue() != null && Double.isFinite(e.getValue())) {
                    present.put(e.getKey(), e.getValue());
                }
            }
        }
        return CanonicalJson.of(present);
    }

    private static Map<String, Double> parseLevels(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        var tree = CanonicalJson.tree(json == null ? "{}" : json);
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = tree.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static void write(CopyIn copy, StringBuilder sb) throws SQLException {
        if (sb.length() > 0) {
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            sb.setLength(0);
        }
    }
}
