package co.usdcop.gate.common;

/**
 * Transaction-scoped PostgreSQL advisory locks that serialise one kind of write across replicas. Advisory locks are
 * database-wide, so the key is derived from the lock's name <i>and the current schema</i>: two installations sharing
 * a database in different schemas (staging and production, parallel test runs) never wait for each other.
 */
public enum AdvisoryLock {
    /** Appends to the audit chain. */
    AUDIT_APPEND,
    /** Feature-store refreshes. */
    FEATURE_REFRESH,
    /** Activations and rollbacks of the production contract. */
    PRODUCTION_CONTRACT,
    /** Bar upserts. */
    BAR_WRITE,
    /** Completions of backtests: each counts the trials stored before it (selection statistics). */
    BACKTEST_TRIALS;

    /** The statement that takes the lock until the end of the current transaction. */
    public String sql() {
        return "select pg_advisory_xact_lock(hashtextextended(current_schema() || ':usdcop-gate:" + name() + "', 0))";
    }
}
