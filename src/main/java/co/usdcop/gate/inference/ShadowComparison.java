package co.usdcop.gate.inference;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Staging models beside production: latest shadow signal and agreement with production ({@link ShadowModel}). */
@ApplicationScoped
public class ShadowComparison {

    @Inject
    AgroalDataSource dataSource;

    /** Every staging model, by id; agreement over bars with {@code ts >= since} (all when null). */
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
                    from model_registry m
                    left join signals s on s.model_id = m.model_id and s.shadow
                                       and (?::timestamptz is null or s.ts >= ?)
                    left join lateral (select p.signal from signals p
                                       where p.ts = s.ts and p.replay = s.replay and not p.shadow
                                         and p.reason not in ('KILL_SWITCH', 'CONTRACT_INVALID')
                                       order by p.id limit 1) p on true
                    where m.stage = 'staging'
                    group by m.model_id
                    order by m.model_id""")) {
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
                    + " from signals s join model_registry m on m.model_id = s.model_id and m.stage = 'staging'"
                    + " where s.shadow order by s.model_id, s.ts desc, s.replay");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Signal sig = SignalStore.signal(rs);
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

    /** {@link SignalStore#COLUMNS} qualified with a table alias. */
    private static String prefixed(String alias) {
        return alias + "." + SignalStore.COLUMNS.replace(", ", ", " + alias + ".");
    }
}
