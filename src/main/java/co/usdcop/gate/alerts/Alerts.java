package co.usdcop.gate.alerts;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Page;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The owner of {@code inference_alerts}: raising an alert once per kind and subject, and reading them. */
@ApplicationScoped
public class Alerts {

    @Inject
    AgroalDataSource dataSource;

    /**
     * Inserts an alert unless one of the same kind and subject exists (on the caller's transaction's connection, if
     * any); true if inserted.
     */
    public boolean raise(AlertKind kind, AlertSeverity severity, String subject, String message,
            Map<String, Object> details) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into inference_alerts (kind, severity, subject, message, details) values (?, ?, ?, ?, ?::jsonb)"
                        + " on conflict (kind, subject) do nothing")) {
            ps.setString(1, kind.stored());
            ps.setString(2, severity.name());
            ps.setString(3, subject);
            ps.setString(4, message);
            ps.setString(5, CanonicalJson.of(details));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("raising an alert failed", e);
        }
    }

    /** Alerts, newest first. */
    public Page<InferenceAlert> page(Integer limit, Integer offset) {
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        try (Connection c = dataSource.getConnection()) {
            long total = Page.NOT_COUNTED;
            if (Page.totalSelected()) try (PreparedStatement ps = c.prepareStatement("select count(*) from inference_alerts");
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
}
