package co.usdcop.gate.common;

import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Transaction-scoped PostgreSQL advisory locks that serialise one kind of write across replicas. Advisory locks are
 * database-wide, so the key is derived from the lock's name <i>and the current schema</i>: two installations sharing
 * a database in different schemas (staging and production, parallel test runs) never wait for each other.
 *
 * <p><b>Lock order.</b> The declaration order below is the one lock order of the service. A transaction that needs
 * more than one of these locks takes all of them up front with {@link #acquire}, which sorts them into this order,
 * and takes them before any row lock ({@code SELECT … FOR UPDATE}). {@link #AUDIT_APPEND} comes last because every
 * gate action ends with an audit append: a transaction that took it up front re-takes it in
 * {@code AuditLog} at no cost (advisory locks are re-entrant within a session), and one that did not needs nothing
 * else after it. A transaction holding {@link #AUDIT_APPEND} must not start another transaction that appends to the
 * audit log (it would wait for its own lock), so refusals are audited after the refused transaction ended.
 */
public enum AdvisoryLock {
    /** Activations and rollbacks of the production contract, and votes that may activate one. */
    PRODUCTION_CONTRACT,
    /** Feature-store refreshes. */
    FEATURE_REFRESH,
    /** Bar upserts. */
    BAR_WRITE,
    /** Completions of backtests: each counts the trials stored before it (selection statistics). */
    BACKTEST_TRIALS,
    /** Appends to the audit chain. */
    AUDIT_APPEND;

    /** The statement that takes the lock until the end of the current transaction. */
    public String sql() {
        return "select pg_advisory_xact_lock(hashtextextended(current_schema() || ':usdcop-gate:" + name() + "', 0))";
    }

    /** Takes {@code locks} in the lock order (declaration order), whatever order they are given in. */
    public static void acquire(EntityManager em, AdvisoryLock... locks) {
        Arrays.stream(locks).distinct().sorted(Comparator.naturalOrder())
                .forEach(lock -> em.createNativeQuery(lock.sql()).getSingleResult());
    }
}
