package co.usdcop.gate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import co.usdcop.gate.alerts.AlertKind;
import co.usdcop.gate.alerts.AlertSeverity;
import co.usdcop.gate.artifacts.ArtifactKind;
import co.usdcop.gate.backtest.BacktestStatus;
import co.usdcop.gate.backtest.PeriodType;
import co.usdcop.gate.backtest.RunSource;
import co.usdcop.gate.inference.SignalReason;
import co.usdcop.gate.models.registry.ModelStage;
import co.usdcop.gate.monitoring.DriftLevel;
import co.usdcop.gate.notifications.DeliveryStatus;
import co.usdcop.gate.promotion.PromotionProposal;
import co.usdcop.gate.promotion.Vote;
import co.usdcop.gate.promotion.VoteDecision;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Every status, stage and kind column has a CHECK listing exactly the values its Java type names, and the database
 * refuses any other value: a status added in Java without a migration (or the other way round) fails here.
 */
@QuarkusTest
class StatusConstraintsTest {

    private static final Pattern LITERAL = Pattern.compile("'([^']*)'::text");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachStatusColumnAllowsExactlyTheValuesOfItsJavaType() throws Exception {
        assertEquals(keys(ModelStage.values(), ModelStage::key), allowed("model_registry", "stage"));
        assertEquals(keys(ModelStage.values(), ModelStage::key), allowed("model_stage_history", "from_stage"));
        assertEquals(keys(ModelStage.values(), ModelStage::key), allowed("model_stage_history", "to_stage"));
        assertEquals(Set.of(PromotionProposal.PENDING, PromotionProposal.APPROVED, PromotionProposal.REJECTED,
                PromotionProposal.EXPIRED, PromotionProposal.WITHDRAWN), allowed("promotion_proposals", "status"));
        assertEquals(Set.of(Vote.AUTO, Vote.HUMAN), allowed("votes", "kind"));
        assertEquals(keys(VoteDecision.values(), Enum::name), allowed("votes", "decision"));
        assertEquals(keys(SignalReason.values(), Enum::name), allowed("signals", "reason"));
        assertEquals(keys(AlertKind.values(), AlertKind::stored), allowed("inference_alerts", "kind"));
        assertEquals(keys(AlertSeverity.values(), Enum::name), allowed("inference_alerts", "severity"));
        assertEquals(keys(DriftLevel.values(), Enum::name), allowed("drift_reports", "level"));
        assertEquals(keys(DeliveryStatus.values(), DeliveryStatus::key), allowed("notification_deliveries", "status"));
        assertEquals(keys(ArtifactKind.values(), ArtifactKind::key), allowed("artifacts", "kind"));
        assertEquals(keys(RunSource.values(), RunSource::code), allowed("backtest_results", "run_source"));
        assertEquals(keys(PeriodType.values(), PeriodType::code), allowed("backtest_results", "period_type"));
        // a job, its events and its stored result go through the same statuses
        Set<String> backtest = keys(BacktestStatus.values(), BacktestStatus::key);
        assertEquals(Set.of("queued", "running", "completed", "failed", "cancelled"), backtest);
        assertEquals(backtest, allowed("backtest_jobs", "status"));
        assertEquals(backtest, allowed("backtest_job_events", "status"));
        assertEquals(backtest, allowed("backtest_results", "status"));
    }

    @Test
    void anUnknownStatusIsRefusedByTheDatabaseAndAKnownOneIsNot() throws Exception {
        // CHECK constraints are evaluated on the row itself, before the foreign keys (checked after the row), so a
        // refused value is refused by its CHECK even where the row references nothing; a known value then gets as
        // far as the foreign key.
        String alert = "insert into inference_alerts (kind, severity, subject, message) values ('%s', '%s',"
                + " 'test:status-constraints', 'status constraint test')";
        assertRefused(alert.formatted("NO_SUCH_KIND", "WARNING"), "inference_alerts_kind_check");
        assertRefused(alert.formatted(AlertKind.DRIFT.stored(), "NOTICE"), "inference_alerts_severity_check");
        assertNull(outcome(alert.formatted(AlertKind.DRIFT.stored(), AlertSeverity.WARNING.name())));

        String history = "insert into model_stage_history (id, model_id, from_stage, to_stage, at, by_actor) values"
                + " (nextval('model_stage_history_seq'), 'no-such-model', %s, '%s', now(), 'test')";
        assertRefused(history.formatted("null", "rejected"), "model_stage_history_to_stage_check");
        assertRefused(history.formatted("'retired'", "archived"), "model_stage_history_from_stage_check");
        assertEquals("23503", outcome(history.formatted("'staging'", ModelStage.ARCHIVED.key())).getSQLState(),
                "a known stage passes its CHECK and stops at the missing model");

        String event = "insert into backtest_job_events (job_id, seq, attempt, status, bars_done, bars_total,"
                + " trades_closed, new_trades, new_trades_omitted) values (gen_random_uuid(), 1, 1, '%s', 0, 0, 0,"
                + " '[]'::jsonb, 0)";
        assertRefused(event.formatted("paused"), "backtest_job_events_status_check");
        assertRefused(event.formatted("COMPLETED"), "backtest_job_events_status_check");
        assertEquals("23503", outcome(event.formatted(BacktestStatus.COMPLETED.key())).getSQLState());
    }

    @Test
    void backtestStatusesMapToTheirStoredKeysAndBack() {
        var column = new BacktestStatus.Column();
        for (BacktestStatus s : BacktestStatus.values()) {
            assertEquals(s, column.convertToEntityAttribute(column.convertToDatabaseColumn(s)));
        }
        assertEquals("cancelled", column.convertToDatabaseColumn(BacktestStatus.CANCELLED));
        assertEquals(Set.of(BacktestStatus.COMPLETED, BacktestStatus.FAILED, BacktestStatus.CANCELLED),
                Arrays.stream(BacktestStatus.values()).filter(BacktestStatus::finished).collect(Collectors.toSet()));
        assertThrows(IllegalStateException.class, () -> column.convertToEntityAttribute("COMPLETED"));
    }

    private void assertRefused(String sql, String constraint) throws SQLException {
        SQLException e = outcome(sql);
        if (e == null) {
            throw new AssertionError("the database accepted: " + sql);
        }
        assertEquals("23514", e.getSQLState(), e::getMessage);
        assertEquals(constraint, ((PSQLException) e).getServerErrorMessage().getConstraint(), e::getMessage);
    }

    /** Runs one statement as the service in a transaction that is rolled back; its error, or null. */
    private SQLException outcome(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute(sql);
                return null;
            } catch (SQLException e) {
                return e;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    private static <E> Set<String> keys(E[] values, Function<E, String> key) {
        return Arrays.stream(values).map(key).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The values of the one single-column CHECK on {@code table.column}. */
    private Set<String> allowed(String table, String column) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select pg_get_constraintdef(k.oid) from pg_constraint k
                join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
                where k.contype = 'c' and k.conrelid = to_regclass(?) and cardinality(k.conkey) = 1
                  and a.attname = ?""")) {
            ps.setString(1, table);
            ps.setString(2, column);
            Set<String> values = new TreeSet<>();
            int constraints = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    constraints++;
                    Matcher m = LITERAL.matcher(rs.getString(1));
                    while (m.find()) {
                        values.add(m.group(1));
                    }
                }
            }
            assertEquals(1, constraints, "one CHECK on " + table + "." + column);
            return values;
        }
    }
}
