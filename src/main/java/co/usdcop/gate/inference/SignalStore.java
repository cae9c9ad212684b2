package co.usdcop.gate.inference;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureRowStore;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.promotion.ProductionContracts;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The owner of {@code signals}: every statement on that table is here.
 * <ul>
 *   <li>The SQL of one tick, static and on the caller's connection: everything the tick reads (the newest feature
 *       row with its freshness, the active contract, the kill switch, the models to score with their previous
 *       positions) in one statement, and the signal rows in one insert: two round trips per tick. The tick runs
 *       with these; they are public so the tick benchmark measures the very same statements without the container.
 *       The other tables of the read statement are read through their owners' sub-selects
 *       ({@link FeatureRowStore#NEWEST_FROM}, {@link ProductionContracts#ACTIVE_CONTRACT},
 *       {@link ModelRegistryService#STAGING_MODEL_IDS}, {@link KillSwitchService#TRIPPED}).</li>
 *   <li>The reads of the other features, as a bean: the {@code signals} query, the paper ledger's rows, the shadow
 *       agreement, the lineage summary, and the removal of the previous replay's rows.</li>
 * </ul>
 */
@ApplicationScoped
public class SignalStore {

    /** The columns {@link #signal} reads, in order. */
    static final String COLUMNS = "id, model_id, ts, raw_action, signal, position_after, reason, latency_micros,"
            + " contract_id, feature_ts, feature_contract_version, data_quality_score, shadow, replay, created_at";

    @Inject
    AgroalDataSource dataSource;

    /** A model to score on the tick: production (the active contract's model) or shadow, and its previous position. */
    public record ModelState(String modelId, boolean shadow, int previousPosition) {
    }

    /** What a tick needs to know besides the bar: read in one statement. */
    public record TickState(Long activeContractId, boolean killSwitchTripped, List<ModelState> models) {
    }

    /**
     * The tick's state as select items and a FROM item: the active contract id, the kill switch, and one row per
     * model to score — the active contract's model (production chain) and every staging model (shadow chain) — with
     * its previous position before the bar time {@code barTs} (an SQL expression) among rows of the replay flag
     * (the first parameter; 0 if none).
     */
    private static String stateSelect(String barTs) {
        return "h.contract_id, h.tripped, m.model_id, m.shadow,"
                + " (select s.position_after from signals s where s.model_id = m.model_id and s.replay = ?"
                + " and s.shadow = m.shadow and s.ts < " + barTs + " order by s.ts desc limit 1) as previous_position";
    }

    private static final String STATE_FROM = "(select (select a.id from (" + ProductionContracts.ACTIVE_CONTRACT
            + ") a) as contract_id, (" + KillSwitchService.TRIPPED + ") as tripped) h"
            + " left join lateral (select a.model_id, false as shadow from (" + ProductionContracts.ACTIVE_CONTRACT
            + ") a union all select r.model_id, true from (" + ModelRegistryService.STAGING_MODEL_IDS + ") r) m on true";

    private static final String STATE_ORDER = " order by m.shadow, m.model_id";

    /**
     * The active contract, the kill switch and the models to score with their previous positions before
     * {@code barTs} (see {@link #stateSelect}), for a bar the caller already has (replay). One statement.
     */
    public static TickState tickState(Connection c, Instant barTs, boolean replay) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + stateSelect("?") + " from " + STATE_FROM
                + STATE_ORDER)) {
            ps.setBoolean(1, replay);
            ps.setTimestamp(2, Timestamp.from(barTs));
            try (ResultSet rs = ps.executeQuery()) {
                return readState(rs, rs.next());
            }
        }
    }

    /** The newest feature row (with its freshness) and the tick's state for that row's bar. */
    public record TickRead(FeatureRowStore.Newest newest, TickState state) {
    }

    /**
     * Everything the live tick reads, in one statement (one round trip): the newest feature row of
     * {@code contractVersion} at or before {@code atOrBefore} and whether it is current
     * ({@link FeatureRowStore#NEWEST_FROM}), joined with the tick's state for that row's bar ({@link #stateSelect}:
     * previous positions before the row's own {@code ts}). The row's columns repeat on each model's result row.
     */
    public static TickRead tickRead(Connection c, String contractVersion, Instant atOrBefore, boolean replay)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select f.*, x.last_bar, x.dirty, " + stateSelect("f.ts")
                + " from " + FeatureRowStore.NEWEST_FROM + " cross join " + STATE_FROM + STATE_ORDER)) {
            ps.setBoolean(1, replay); // the previous-position subquery of the select list comes first
            FeatureRowStore.bindNewest(ps, 2, contractVersion, atOrBefore);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next(); // x yields one row at least, whatever is stored
                FeatureRowStore.Newest newest = FeatureRowStore.newest(rs);
                return new TickRead(newest, readState(rs, true));
            }
        }
    }

    /** Reads the state rows of {@link #stateSelect} from {@code rs}, positioned on its first row if {@code onRow}. */
    private static TickState readState(ResultSet rs, boolean onRow) throws SQLException {
        Long contract = null;
        boolean tripped = false;
        List<ModelState> models = new ArrayList<>();
        for (boolean more = onRow; more; more = rs.next()) {
            long id = rs.getLong("contract_id");
            contract = rs.wasNull() ? null : id;
            tripped = rs.getBoolean("tripped");
            String model = rs.getString("model_id");
            if (model != null) {
                models.add(new ModelState(model, rs.getBoolean("shadow"), rs.getInt("previous_position")));
            }
        }
        return new TickState(contract, tripped, List.copyOf(models));
    }

    /**
     * position_after of the model's latest row before {@code barTs} of the same kind (production or shadow, live or
     * replay); 0 if none.
     */
    public static int previousPosition(Connection c, String modelId, Instant barTs, boolean shadow, boolean replay)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select position_after from signals where model_id = ?"
                + " and replay = ? and shadow = ? and ts < ? order by ts desc limit 1")) {
            ps.setString(1, modelId);
            ps.setBoolean(2, replay);
            ps.setBoolean(3, shadow);
            ps.setTimestamp(4, Timestamp.from(barTs));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** One decision to record; {@code contractId} null for a shadow row. */
    public record NewSignal(String modelId, FeatureVector bar, Double rawAction, int signal, SignalReason reason,
            long latencyMicros, Long contractId, String featureContractVersion, boolean shadow, boolean replay) {

        /**
         * The stored row of this decision, given what the database assigns: the one mapping from a decision to its
         * columns ({@code position_after = signal}, {@code feature_ts} = the bar's, a NaN quality stored as null).
         */
        Signal row(long id, Instant createdAt) {
            double quality = bar.dataQualityScore();
            return new Signal(id, modelId, bar.ts(), rawAction, signal, signal, reason, latencyMicros, contractId,
                    bar.ts(), featureContractVersion, Double.isNaN(quality) ? null : quality, shadow, replay,
                    createdAt);
        }
    }

    /**
     * Inserts the rows in one statement (one commit for the whole tick), each unless its model already has a row
     * for the bar with the same replay flag: a repeated or concurrent tick writes nothing twice. The signal is the
     * target position, so {@code position_after = signal} (a fail-safe row is flat). Returns the rows written.
     */
    public static List<Signal> insert(Connection c, List<NewSignal> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("""
                insert into signals (model_id, ts, raw_action, signal, position_after, reason, latency_micros,
                                     contract_id, feature_ts, feature_contract_version, data_quality_score, shadow,
                                     replay)
                values\s""");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        // the row is known but for what the database assigns: returning only that (not every column) saves the
        // parsing of a dozen values on every tick
        sql.append(" on conflict (model_id, ts, replay) do nothing returning model_id, id, created_at");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Map<String, NewSignal> byModel = new HashMap<>();
            int p = 0;
            for (NewSignal s : rows) {
                byModel.put(s.modelId(), s);
                Signal row = s.row(0, null);
                ps.setString(++p, row.modelId());
                ps.setTimestamp(++p, Timestamp.from(row.ts()));
                ps.setObject(++p, row.rawAction(), Types.DOUBLE);
                ps.setInt(++p, row.signal());
                ps.setInt(++p, row.positionAfter());
                ps.setString(++p, row.reason().name());
                ps.setLong(++p, row.latencyMicros());
                ps.setObject(++p, row.contractId(), Types.BIGINT);
                ps.setTimestamp(++p, Timestamp.from(row.featureTs()));
                ps.setString(++p, row.featureContractVersion());
                ps.setObject(++p, row.dataQualityScore(), Types.DOUBLE);
                ps.setBoolean(++p, row.shadow());
                ps.setBoolean(++p, row.replay());
            }
            List<Signal> written = new ArrayList<>(rows.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    written.add(byModel.get(rs.getString(1)).row(rs.getLong(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return written;
        }
    }

    /** A row selected with {@link #COLUMNS}. */
    static Signal signal(ResultSet rs) throws SQLException {
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

    // ------------------------------------------------------------------ reads of the other features

    /**
     * Signals with {@code from <= ts <= to} (either bound optional), newest first; {@code shadow} and {@code replay}
     * filter when given.
     */
    public Page<Signal> page(String modelId, Instant from, Instant to, Boolean shadow, Boolean replay,
            Integer limit, Integer offset) {
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        String where = " where (?::text is null or model_id = ?) and (?::timestamptz is null or ts >= ?)"
                + " and (?::timestamptz is null or ts <= ?) and (?::boolean is null or shadow = ?)"
                + " and (?::boolean is null or replay = ?)";
        try (Connection c = dataSource.getConnection()) {
            long total = Page.NOT_COUNTED;
            if (Page.totalSelected()) try (PreparedStatement ps = c.prepareStatement("select count(*) from signals" + where)) {
                bind(ps, modelId, from, to, shadow, replay);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Signal> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from signals" + where
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

    /** Deletes every replay row (on the caller's transaction's connection); returns the count. */
    public int deleteReplayRows() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from signals where replay")) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("removing the previous replay's signals failed", e);
        }
    }

    /** One recorded signal as the paper ledger books it. */
    public record LedgerRow(Instant ts, int positionAfter, Double rawAction, SignalReason reason) {
    }

    /** A model's production or shadow, live or replay rows with {@code from <= ts <= to} (bounds optional), by ts. */
    public List<LedgerRow> ledgerRows(String modelId, boolean shadow, boolean replay, Instant from, Instant to) {
        return ledgerRows("model_id = ? and shadow = ? and replay = ?", List.of(modelId, shadow, replay), from, to);
    }

    /** The live production rows written under {@code contractId} and created after {@code createdAfter}, by ts. */
    public List<LedgerRow> liveProductionRows(long contractId, Instant createdAfter) {
        return ledgerRows("contract_id = ? and shadow = false and not replay and created_at > ?",
                List.of(contractId, Timestamp.from(createdAfter)), null, null);
    }

    private List<LedgerRow> ledgerRows(String where, List<Object> params, Instant from, Instant to) {
        String sql = "select ts, position_after, raw_action, reason from signals where " + where
                + " and (?::timestamptz is null or ts >= ?) and (?::timestamptz is null or ts <= ?) order by ts";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            Timestamp f = from == null ? null : Timestamp.from(from);
            Timestamp t = to == null ? null : Timestamp.from(to);
            ps.setTimestamp(i++, f);
            ps.setTimestamp(i++, f);
            ps.setTimestamp(i++, t);
            ps.setTimestamp(i, t);
            List<LedgerRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double raw = rs.getDouble(3);
                    Double action = rs.wasNull() ? null : raw;
                    out.add(new LedgerRow(rs.getTimestamp(1).toInstant(), rs.getInt(2), action,
                            SignalReason.valueOf(rs.getString(4))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading signals for the paper ledger failed", e);
        }
    }

    /**
     * Every staging model by id with its agreement with production over bars with {@code ts >= since} (all when
     * null), live and replay apart (see {@link ShadowModel.Agreement}), and its newest shadow signal.
     */
    public List<ShadowModel> shadowModels(Instant since) {
        Timestamp from = since == null ? null : Timestamp.from(since);
        Map<String, ShadowModel.Agreement[]> agreement = new LinkedHashMap<>();
        Map<String, Signal> latest = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    select m.model_id,
                           count(p.signal) filter (where not s.replay),
                           count(p.signal) filter (where not s.replay and p.signal = s.signal),
                           count(p.signal) filter (where s.replay),
                           count(p.signal) filter (where s.replay and p.signal = s.signal)
                    from (%s) m
                    left join signals s on s.model_id = m.model_id and s.shadow
                                       and (?::timestamptz is null or s.ts >= ?)
                    left join lateral (select p.signal from signals p
                                       where p.ts = s.ts and p.replay = s.replay and not p.shadow
                                         and p.reason not in ('KILL_SWITCH', 'CONTRACT_INVALID')
                                       order by p.id limit 1) p on true
                    group by m.model_id
                    order by m.model_id""".formatted(ModelRegistryService.STAGING_MODEL_IDS))) {
                ps.setTimestamp(1, from);
                ps.setTimestamp(2, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        agreement.put(rs.getString(1), new ShadowModel.Agreement[] {
                            ShadowModel.Agreement.of(rs.getLong(2), rs.getLong(3)),
                            ShadowModel.Agreement.of(rs.getLong(4), rs.getLong(5))});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select distinct on (s.model_id) " + prefixed("s")
                    + " from signals s where s.shadow and s.model_id in (" + ModelRegistryService.STAGING_MODEL_IDS
                    + ") order by s.model_id, s.ts desc, s.replay");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Signal sig = signal(rs);
                    latest.put(sig.modelId(), sig);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("comparing shadow models with production failed", e);
        }
        List<ShadowModel> out = new ArrayList<>(agreement.size());
        agreement.forEach((model, a) -> out.add(new ShadowModel(model, latest.get(model), a[0], a[1])));
        return out;
    }

    /** {@link #COLUMNS} qualified with a table alias. */
    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** A model's rows of one kind (contract, shadow, replay): how many, the latest bar and its signal. */
    public record Summary(Long contractId, boolean shadow, boolean replay, long count, Instant latestTs,
            int latestSignal) {
    }

    /** The model's rows summarised per contract, shadow and replay flag, the newest group first. */
    public List<Summary> summaries(String modelId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select s.contract_id, s.shadow, s.replay, count(*), max(s.ts),
                       (select l.signal from signals l where l.model_id = s.model_id and l.shadow = s.shadow
                          and l.replay = s.replay and l.contract_id is not distinct from s.contract_id
                        order by l.ts desc limit 1)
                from signals s where s.model_id = ?
                group by s.model_id, s.contract_id, s.shadow, s.replay
                order by max(s.ts) desc""")) {
            ps.setString(1, modelId);
            List<Summary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long contract = rs.getLong(1);
                    Long contractId = rs.wasNull() ? null : contract;
                    out.add(new Summary(contractId, rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4),
                            rs.getTimestamp(5).toInstant(), rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("summarising the signals of " + modelId + " failed", e);
        }
    }
}
