package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.models.registry.PolicyCache;
import co.usdcop.gate.support.GraphQL;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared backtest queue in PostgreSQL: a job left running by a replica that died (its lease expired) is run
 * again here, or failed with the reason once it had {@code engine.max_attempts} runs; a full queue is refused with
 * CONFLICT; a job is read from the database, not from this process's memory. The dead replica is a row written
 * as the other replica would have left it.
 */
@QuarkusTest
class BacktestQueueTest {

    private static final LocalDate FROM = LocalDate.of(2025, 7, 1);
    private static final LocalDate TO = LocalDate.of(2025, 7, 11);

    @Inject
    DemoSeeder demo;

    @Inject
    SyntheticMarkets markets;

    @Inject
    GateConfig config;

    @Inject
    BacktestJobs jobs;

    @Inject
    BacktestStore store;

    @Inject
    PolicyCache policies;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void demoModelAndMarket() {
        demo.seed();
        markets.july2025();
    }

    /** A job as a replica that died mid-run leaves it: running, its lease expired {@code attempts} runs in. */
    private UUID orphan(int attempts) throws SQLException {
        UUID id = UUID.randomUUID();
        sql("insert into backtest_jobs (id, model_id, period_start, period_end, period_type, status, attempts,"
                + " lease_owner, lease_until, bars_done, bars_total, created_by, submitted_at) values (?, ?, ?, ?,"
                + " 'custom', 'running', ?, 'dead-host/1/00000000', now() - interval '1 second', 40, 900, 'rita',"
                + " now())", id, DemoPolicies.MOMENTUM, FROM, TO, attempts);
        return id;
    }

    private BacktestJob awaitFinished(UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        BacktestJob job = jobs.get(id);
        while (!job.finished() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            job = jobs.get(id);
        }
        return job;
    }

    @Test
    void aJobWhoseReplicaDiedIsRunAgainFromTheStartAndCompletes() throws Exception {
        UUID id = orphan(1);
        BacktestJob done = awaitFinished(id);
        assertEquals("completed", done.status(), String.valueOf(done));
        assertEquals(2, done.attempt(), "the second run");
        BacktestSummary stored = store.get(id);
        assertEquals(stored.tradeCount(), done.trades());
        assertEquals(stored.barCount(), done.barsDone());
        // the progress subscription of a finished job gives its final state and ends
        List<BacktestJob> events = jobs.progress(id).collect().asList().await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("completed"), events.stream().map(BacktestJob::status).toList());
    }

    @Test
    void aJobWhoseReplicasDiedMaxAttemptsTimesFailsWithTheReason() throws Exception {
        int max = config.backtest().maxAttempts();
        UUID id = orphan(max);
        BacktestJob failed = awaitFinished(id);
        assertEquals("failed", failed.status(), String.valueOf(failed));
        assertTrue(failed.error().contains("lease expired") && failed.error().contains("engine.max_attempts"),
                failed.error());
        JsonPath read = GraphQL.as("alice", "query($id: String!) { backtestJob(id: $id) { status error attempt } }",
                Map.of("id", id.toString()));
        assertEquals("failed", read.getString("data.backtestJob.status"), read.prettify());
        assertEquals(max, read.getInt("data.backtestJob.attempt"));
    }

    @Test
    void aFullQueueIsRefusedWithConflictAndNothingIsQueued() throws Exception {
        int capacity = config.backtest().queueCapacity();
        String run = "mutation($m: String!) { runBacktest(modelId: $m, from: \"2025-07-01\", to: \"2025-07-11\") { id } }";
        // the workers wait for the model this test holds, so the queue cannot drain while it is filled
        JsonPath refused = policies.withModel(DemoPolicies.MOMENTUM, loaded -> {
            try {
                for (int i = 0; i < capacity + config.backtest().maxConcurrent(); i++) {
                    jobs.submit(DemoPolicies.MOMENTUM, null, FROM, TO, "rita");
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (queued() < capacity && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                int before = total();
                JsonPath r = GraphQL.as("rita", run, Map.of("m", DemoPolicies.MOMENTUM));
                assertEquals(before, total(), "a refused request leaves no row");
                sql("update backtest_jobs set status = 'cancelled', finished_at = now() where status = 'queued'");
                return r;
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("CONFLICT", GraphQL.errorCode(refused), refused.prettify());
        assertTrue(GraphQL.errorMessage(refused).contains("queue is full"), GraphQL.errorMessage(refused));
    }

    private int queued() throws SQLException {
        return count("select count(*) from backtest_jobs where status = 'queued'");
    }

    private int total() throws SQLException {
        return count("select count(*) from backtest_jobs");
    }

    private int count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query);
                var rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
