package co.usdcop.gate.inference;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureRowStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of one tick, on the caller's connection: everything the tick reads (the newest feature row with its
 * freshness, the active contract, the kill switch, the models to score with their previous positions) in one
 * statement, and the signal rows in one insert: two round trips per tick. {@link InferenceService} runs the tick with
 * these; they are public so the tick benchmark measures the very same statements without the container.
 */
public final class SignalStore {

    /** The columns {@link #signal} reads, in order. */
    static final String COLUMNS = "id, model_id, ts, raw_action, signal, position_after, reason, latency_micros,"
            + " contract_id, feature_ts, feature_contract_version, data_quality_score, shadow, replay, created_at";

    private SignalStore() {
    }

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

    private static final String STATE_FROM = "(select (select id from production_contracts where is_active) as contract_id,"
            + " (select tripped from kill_switch where id = 1) as tripped) h"
            + " left join lateral (select model_id, false as shadow from production_contracts where is_active"
            + " union all select model_id, true from model_registry where stage = 'staging') m on true";

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
}
