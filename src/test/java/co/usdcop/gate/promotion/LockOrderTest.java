package co.usdcop.gate.promotion;

import static co.usdcop.gate.promotion.PromotionFixtures.FULL_CHECKLIST;
import static co.usdcop.gate.promotion.PromotionFixtures.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One lock order for every path (see {@link co.usdcop.gate.common.AdvisoryLock}): approvals, admin overrides,
 * rollbacks and the expiry job raced with real threads against PostgreSQL never deadlock. PostgreSQL counts every
 * deadlock it breaks in {@code pg_stat_database.deadlocks}; the count for the test database must not move.
 */
@QuarkusTest
class LockOrderTest {

    static final int ROUNDS = 6;
    static final String ROLLBACK = "mutation { rollbackProduction(reason: \"racing rollback for the lock order\") {"
            + " id } }";

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService service;

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(service);
    }

    private long deadlocks() {
        return fx.count("select deadlocks from pg_stat_database where datname = current_database()");
    }

    @Test
    void votesOverridesRollbacksAndTheExpiryJobNeverDeadlock() throws Exception {
        for (String u : List.of(DemoUsers.REVIEWER, DemoUsers.ADMIN, DemoUsers.ADMIN_2)) {
            DemoUsers.token(u);
        }
        fx.promoted("lock-base"); // so that every round has a contract to roll back to
        long before = deadlocks();
        List<String> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                fx.promoted("lock-prev-" + round); // the active contract replaced one: rollback has a target
                String approval = fx.pendingProductionProposal(fx.stagedDaysAgo("lock-approve-" + round, 8));
                TestModel fresh = fx.staged("lock-override-" + round); // 0 staging days: the automatic vote fails
                String override = fx.pendingOverrideCandidate(fresh);
                String expiring = fx.pendingProductionProposal(fx.stagedDaysAgo("lock-expire-" + round, 8));
                fx.sql("update promotion_proposals set expires_at = now() where id = ?::uuid", expiring);
                List<Object> r = together(pool,
                        () -> vote(DemoUsers.REVIEWER, approval, "APPROVE", FULL_CHECKLIST, "ok", null),
                        () -> vote(DemoUsers.ADMIN, override, "APPROVE", FULL_CHECKLIST, "ok",
                                "Racing override for the lock order test"),
                        () -> GraphQL.as(DemoUsers.ADMIN_2, ROLLBACK),
                        () -> service.expireStale());
                for (Object o : r) {
                    if (o instanceof JsonPath p) {
                        String message = p.get("errors") == null ? "ok" : GraphQL.errorMessage(p);
                        outcomes.add(message);
                        assertTrue(p.get("errors") == null || "CONFLICT".equals(GraphQL.errorCode(p)), p::prettify);
                        assertTrue(!message.contains("A concurrent change won"), "a deadlock was broken: " + message);
                    }
                }
                assertEquals(1, fx.count("select count(*) from production_contracts where is_active"));
                assertEquals(1, fx.count("select count(*) from model_registry where stage = 'production'"));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        // statistics of the racing connections reach pg_stat_database when they are next idle (at most ~10 s)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            assertEquals(before, deadlocks(), () -> "PostgreSQL broke deadlocks; outcomes: " + outcomes);
            Thread.sleep(1000);
        }
        assertTrue(outcomes.contains("ok"), outcomes::toString);
    }

    @SafeVarargs
    private static List<Object> together(ExecutorService pool, Callable<Object>... tasks) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(tasks.length);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> t : tasks) {
            futures.add(pool.submit(() -> {
                barrier.await(30, TimeUnit.SECONDS);
                return t.call();
            }));
        }
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        return out;
    }
}
