package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.NotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shared backtest queue in PostgreSQL ({@code backtest_jobs}, {@code backtest_job_events}): every replica
 * submits, claims, reports and reads through it. A claim takes queued jobs and jobs whose lease expired with
 * {@code FOR UPDATE SKIP LOCKED}, so two replicas never take the same job; every write of a running job names its
 * lease owner, so a replica that lost its lease cannot overwrite the one that took the job over. Each progress event
 * is a row written in the same transaction as the job's counters, so a reader's snapshot ({@code event_seq},
 * {@code trades_closed}) and the events after it add up.
 */
@ApplicationScoped
public class BacktestQueue {

    private static final String COLUMNS = "id, model_id, period_start, period_end, period_type, status, attempts,"
            + " bars_done, bars_total, trades, trades_closed, event_seq, error, created_by, submitted_at,"
            + " cancel_requested, cost_multiplier";
    private static final TypeReference<List<RoundTrip>> TRADES = new TypeReference<>() {
    };

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** A job as stored: its public view, the sequence number of its last event and whether a cancel was asked. */
    record Row(BacktestJob job, int eventSeq, int attempt, boolean cancelRequested) {
    }

    /** A progress event and its sequence number within the job. */
    record Event(int seq, BacktestJob job) {
    }

    /**
     * A job this replica claimed: what to run (the cost charged is transaction_cost_bps × {@code costMultiplier}), and
     * which attempt this is (1 for the first run).
     */
    record Claimed(UUID id, String modelId, BacktestService.Period period, double costMultiplier, String createdBy,
            int attempt) {
    }

    /**
     * Queues a job unless {@code capacity} jobs already wait (counted under a transaction-scoped advisory lock, so
     * concurrent submissions on several replicas cannot overfill the queue).
     *
     * @throws ConflictException when the queue is full
     */
    @Transactional
    public BacktestJob submit(UUID id, String modelId, BacktestService.Period period, double costMultiplier,
            String createdBy, Instant submittedAt, int capacity) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('backtest_jobs'))")) {
                lock.execute();
            }
            int queued;
            int running;
            try (PreparedStatement ps = c.prepareStatement("select count(*) filter (where status = 'queued'),"
                    + " count(*) filter (where status = 'running') from backtest_jobs where status in ('queued', 'running')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                queued = rs.getInt(1);
                running = rs.getInt(2);
            }
            if (queued >= capacity) {
                throw new ConflictException("The backtest queue is full (" + running + " running, " + queued
                        + " waiting; limits in config/backtest.yaml engine); try again when one finishes.");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into backtest_jobs (id, model_id, period_start,"
                    + " period_end, period_type, created_by, submitted_at, cost_multiplier)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, modelId);
                ps.setObject(3, period.from());
                ps.setObject(4, period.to());
                ps.setString(5, period.type().code());
                ps.setString(6, createdBy);
                ps.setTimestamp(7, Timestamp.from(submittedAt));
                ps.setDouble(8, costMultiplier);
                ps.executeUpdate();
            }
            return read(c, id).job();
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /**
     * Fails the running jobs whose lease expired and that have had {@code maxAttempts} runs, then claims up to
     * {@code limit} jobs for {@code owner}: queued ones oldest first, then expired ones (a re-run from the start).
     */
    @Transactional
    public List<Claimed> claim(String owner, int limit, int leaseSeconds, int maxAttempts) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("with dead as (select id from backtest_jobs"
                    + " where status = 'running' and lease_until < now() and attempts >= ? for update skip locked)"
                    + " update backtest_jobs j set status = 'failed', lease_owner = null, lease_until = null,"
                    + " finished_at = now(), event_seq = j.event_seq + 1, error = 'The replica running it stopped"
                    + " answering ' || j.attempts || ' time(s) (its lease expired); the run was given up after'"
                    + " || ' engine.max_attempts of config/backtest.yaml. Submit it again.'"
                    + " from dead where j.id = dead.id returning j.id")) {
                ps.setInt(1, maxAttempts);
                List<UUID> failed = ids(ps);
                for (UUID id : failed) {
                    insertEvent(c, read(c, id), List.of(), 0);
                }
            }
            if (limit <= 0) {
                return List.of();
            }
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("with next as (select id from backtest_jobs"
                    + " where status = 'queued' or (status = 'running' and lease_until < now())"
                    + " order by status = 'running', submitted_at limit ? for update skip locked)"
                    + " update backtest_jobs j set status = 'running', attempts = j.attempts + 1, lease_owner = ?,"
                    + " lease_until = now() + make_interval(secs => ?), bars_done = 0, bars_total = 0,"
                    + " trades_closed = 0, event_seq = j.event_seq + 1"
                    + " from next where j.id = next.id returning j.id")) {
                ps.setInt(1, limit);
                ps.setString(2, owner);
                ps.setInt(3, leaseSeconds);
                for (UUID id : ids(ps)) {
                    Row row = read(c, id);
                    insertEvent(c, row, List.of(), 0);
                    BacktestJob j = row.job();
                    claimed.add(new Claimed(id, j.modelId(), new BacktestService.Period(j.periodStart(),
                            j.periodEnd(), PeriodType.of(j.periodType())), j.costMultiplier(), j.createdBy(),
                            row.attempt()));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /**
     * Extends the leases {@code owner} holds on {@code ids}; returns the ids it still holds (a job missing from the
     * answer was taken over, cancelled or finished elsewhere) and, among them, those whose cancel was asked.
     */
    @Transactional
    public Renewal renew(String owner, List<UUID> ids, int leaseSeconds) {
        if (ids.isEmpty()) {
            return new Renewal(List.of(), List.of());
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update backtest_jobs set lease_until = now()"
                        + " + make_interval(secs => ?) where id = any(?) and lease_owner = ? and status = 'running'"
                        + " returning id, cancel_requested")) {
            ps.setInt(1, leaseSeconds);
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            ps.setString(3, owner);
            List<UUID> held = new ArrayList<>();
            List<UUID> cancel = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    held.add(id);
                    if (rs.getBoolean(2)) {
                        cancel.add(id);
                    }
                }
            }
            return new Renewal(held, cancel);
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /** Jobs still held after a renewal, and those of them whose cancel was asked. */
    record Renewal(List<UUID> held, List<UUID> cancelRequested) {
    }

    /**
     * Records the progress of a job {@code owner} runs, with the round trips closed since the previous event.
     *
     * @return the job's row after the write, or null when {@code owner} no longer holds it
     */
    @Transactional
    public Row progress(String owner, UUID id, int barsDone, int barsTotal, List<RoundTrip> newTrades, int omitted,
            int leaseSeconds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update backtest_jobs set bars_done = ?, bars_total = ?,"
                        + " trades_closed = trades_closed + ?, event_seq = event_seq + 1,"
                        + " lease_until = now() + make_interval(secs => ?)"
                        + " where id = ? and lease_owner = ? and status = 'running'")) {
            ps.setInt(1, barsDone);
            ps.setInt(2, barsTotal);
            ps.setInt(3, newTrades.size() + omitted);
            ps.setInt(4, leaseSeconds);
            ps.setObject(5, id);
            ps.setString(6, owner);
            if (ps.executeUpdate() == 0) {
                return null;
            }
            Row row = read(c, id);
            insertEvent(c, row, newTrades, omitted);
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /**
     * Ends a job {@code owner} runs: {@code completed} (with its bar and trade counts), {@code failed} (with the
     * reason) or {@code cancelled}; the last event carries the round trips not yet sent. No-op when {@code owner}
     * no longer holds it.
     */
    @Transactional
    public void finish(String owner, UUID id, BacktestStatus status, Integer bars, Integer trades, String error,
            List<RoundTrip> newTrades, int omitted) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update backtest_jobs set status = ?,"
                        + " bars_done = coalesce(?, bars_done), bars_total = coalesce(?, bars_total), trades = ?,"
                        + " trades_closed = trades_closed + ?, error = ?, event_seq = event_seq + 1,"
                        + " lease_owner = null, lease_until = null, finished_at = now()"
                        + " where id = ? and lease_owner = ? and status = 'running'")) {
            ps.setString(1, status.key());
            ps.setObject(2, bars);
            ps.setObject(3, bars);
            ps.setObject(4, trades);
            ps.setInt(5, newTrades.size() + omitted);
            ps.setString(6, error);
            ps.setObject(7, id);
            ps.setString(8, owner);
            if (ps.executeUpdate() > 0) {
                insertEvent(c, read(c, id), newTrades, omitted);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /**
     * Gives a job back to the queue when its replica shuts down mid-run; the run it started does not count as an
     * attempt.
     */
    @Transactional
    public void release(String owner, UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update backtest_jobs set status = 'queued',"
                        + " attempts = attempts - 1, lease_owner = null, lease_until = null"
                        + " where id = ? and lease_owner = ? and status = 'running'")) {
            ps.setObject(1, id);
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /**
     * Cancels a queued job at once, or asks the replica running it to stop (it sees the request at its next
     * checkpoint or lease renewal).
     *
     * @throws NotFoundException for an unknown job
     * @throws ConflictException for a finished one
     */
    @Transactional
    public BacktestJob cancel(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            Row row = readForUpdate(c, id);
            if (row.job().finished()) {
                throw new ConflictException("Backtest " + id + " has already " + row.job().status()
                        + "; only a queued or running backtest can be cancelled.");
            }
            boolean queued = row.job().state() == BacktestStatus.QUEUED;
            try (PreparedStatement ps = c.prepareStatement(queued
                    ? "update backtest_jobs set status = 'cancelled', cancel_requested = true,"
                            + " event_seq = event_seq + 1, finished_at = now() where id = ?"
                    : "update backtest_jobs set cancel_requested = true where id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            Row after = read(c, id);
            if (queued) {
                insertEvent(c, after, List.of(), 0);
            }
            return after.job();
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /** A job's row, or null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Row find(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /** The events of a job after {@code afterSeq}, in order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Event> eventsAfter(Row snapshot, int afterSeq) {
        BacktestJob j = snapshot.job();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select seq, status, bars_done, bars_total, trades_closed,"
                        + " new_trades, new_trades_omitted, attempt from backtest_job_events"
                        + " where job_id = ? and seq > ? order by seq")) {
            ps.setObject(1, j.id());
            ps.setInt(2, afterSeq);
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BacktestStatus status = BacktestStatus.of(rs.getString(2));
                    int done = rs.getInt(3);
                    int total = rs.getInt(4);
                    boolean completed = status == BacktestStatus.COMPLETED;
                    out.add(new Event(rs.getInt(1), new BacktestJob(j.id(), j.modelId(), j.periodStart(), j.periodEnd(), j.periodType(),
                            status.key(), done, total, percent(status, done, total), completed ? j.trades() : null,
                            rs.getInt(5), json.readValue(rs.getString(6), TRADES), rs.getInt(7),
                            status == BacktestStatus.FAILED ? j.error() : null, j.createdBy(), j.submittedAt(),
                            rs.getInt(8), j.costMultiplier())));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /** Jobs not finished, then the newest finished ones, newest first; at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<BacktestJob> list(int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from backtest_jobs"
                        + " order by submitted_at desc limit ?")) {
            ps.setInt(1, limit);
            List<BacktestJob> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs).job());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    /** Deletes finished jobs (and their events) beyond the newest {@code keep}; stored backtests stay. */
    @Transactional
    public void forgetOldJobs(int keep) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from backtest_jobs where id in (select id from"
                        + " backtest_jobs where status in ('completed', 'failed', 'cancelled')"
                        + " order by submitted_at desc offset ?)")) {
            ps.setInt(1, keep);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("backtest queue: " + e.getMessage(), e);
        }
    }

    private void insertEvent(Connection c, Row row, List<RoundTrip> newTrades, int omitted) throws SQLException {
        BacktestJob j = row.job();
        try (PreparedStatement ps = c.prepareStatement("insert into backtest_job_events (job_id, seq, attempt,"
                + " status, bars_done, bars_total, trades_closed, new_trades, new_trades_omitted)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            ps.setObject(1, j.id());
            ps.setInt(2, row.eventSeq());
            ps.setInt(3, row.attempt());
            ps.setString(4, j.status());
            ps.setInt(5, j.barsDone());
            ps.setInt(6, j.barsTotal());
            ps.setInt(7, j.tradesClosed());
            ps.setString(8, json.writeValueAsString(newTrades));
            ps.setInt(9, omitted);
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("round trips not serialisable: " + e.getMessage(), e);
        }
    }

    private Row read(Connection c, UUID id) throws SQLException {
        return query(c, "select " + COLUMNS + " from backtest_jobs where id = ?", id);
    }

    private Row readForUpdate(Connection c, UUID id) throws SQLException {
        Row row = query(c, "select " + COLUMNS + " from backtest_jobs where id = ? for update", id);
        if (row == null) {
            throw notFound(id);
        }
        return row;
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("No backtest job " + id + "; recent jobs are listed by backtestQueue, and a"
                + " stored backtest is read with backtest(id).");
    }

    private static Row query(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        BacktestStatus status = BacktestStatus.of(rs.getString("status"));
        int done = rs.getInt("bars_done");
        int total = rs.getInt("bars_total");
        int attempt = rs.getInt("attempts");
        int seq = rs.getInt("event_seq");
        BacktestJob job = new BacktestJob(rs.getObject("id", UUID.class), rs.getString("model_id"),
                rs.getObject("period_start", java.time.LocalDate.class),
                rs.getObject("period_end", java.time.LocalDate.class), rs.getString("period_type"), status.key(), done,
                total, percent(status, done, total), (Integer) rs.getObject("trades"), rs.getInt("trades_closed"),
                List.of(), 0, rs.getString("error"), rs.getString("created_by"),
                rs.getTimestamp("submitted_at").toInstant(), attempt, rs.getDouble("cost_multiplier"));
        return new Row(job, seq, attempt, rs.getBoolean("cancel_requested"));
    }

    private static double percent(BacktestStatus status, int done, int total) {
        return status == BacktestStatus.COMPLETED ? 100.0 : total == 0 ? 0.0 : Math.min(100.0, 100.0 * done / total);
    }

    private static List<UUID> ids(PreparedStatement ps) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }
}
