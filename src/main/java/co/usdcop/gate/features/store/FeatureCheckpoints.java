package co.usdcop.gate.features.store;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.features.CanonicalFeatureBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * {@code feature_builder_checkpoints} on the caller's connection: the builder's state after a bar, so a refresh
 * continues from the newest one before its first dirty or missing row instead of from the first stored bar.
 * Invariant: a checkpoint at {@code ts} was computed from the bars stored at or before {@code ts} as they are now —
 * the refresh deletes every checkpoint at or after the earliest change before it reads anything.
 */
final class FeatureCheckpoints {

    private FeatureCheckpoints() {
    }

    /** A builder state and the bar it stands after. */
    record Checkpoint(Instant ts, CanonicalFeatureBuilder.State state) {
    }

    /** The newest checkpoint strictly before {@code before}, or null. */
    static Checkpoint latestBefore(Connection c, String contractVersion, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select ts, state from feature_builder_checkpoints"
                + " where contract_version = ? and ts < ? order by ts desc limit 1")) {
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Checkpoint(rs.getTimestamp(1).toInstant(),
                        CanonicalJson.MAPPER.readValue(rs.getString(2), CanonicalFeatureBuilder.State.class));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored feature builder checkpoint cannot be read", e);
        }
    }

    /** Deletes the checkpoints at or after {@code from}: their state depends on bars that changed. */
    static int deleteFrom(Connection c, String contractVersion, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "delete from feature_builder_checkpoints where contract_version = ? and ts >= ?")) {
            ps.setString(1, contractVersion);
            ps.setTimestamp(2, Timestamp.from(from));
            return ps.executeUpdate();
        }
    }

    /** Deletes every checkpoint of the contract version. */
    static int deleteAll(Connection c, String contractVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "delete from feature_builder_checkpoints where contract_version = ?")) {
            ps.setString(1, contractVersion);
            return ps.executeUpdate();
        }
    }

    /** Stores each state as the checkpoint after its last bar (replacing one stored for the same bar), in one batch. */
    static void save(Connection c, String contractVersion, List<CanonicalFeatureBuilder.State> states)
            throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into feature_builder_checkpoints (contract_version, ts,"
                + " state) values (?, ?, ?::jsonb) on conflict (contract_version, ts) do update set state = excluded.state,"
                + " created_at = now()")) {
            for (CanonicalFeatureBuilder.State state : states) {
                ps.setString(1, contractVersion);
                ps.setTimestamp(2, Timestamp.from(state.lastBarTime()));
                ps.setString(3, CanonicalJson.MAPPER.writeValueAsString(state));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the feature builder state cannot be written as JSON", e);
        }
    }
}
