package co.usdcop.gate.backtest;

import jakarta.persistence.AttributeConverter;
import java.util.Locale;

/**
 * Where a backtest stands: a job in the queue, each of its progress events and its stored result go through the same
 * statuses, stored lower-case ({@link #key()}) in {@code backtest_jobs.status}, {@code backtest_job_events.status}
 * and {@code backtest_results.status} (a CHECK on each lists the keys). GraphQL returns the key.
 */
public enum BacktestStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True once the backtest will not change any more: completed, failed or cancelled. */
    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    /** The status of a stored key; an unknown key is a broken row, not bad input. */
    public static BacktestStatus of(String key) {
        for (BacktestStatus s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalStateException("unknown backtest status '" + key + "'");
    }

    /** Maps a status to its key in {@code backtest_results.status}. */
    @jakarta.persistence.Converter
    public static class Column implements AttributeConverter<BacktestStatus, String> {

        @Override
        public String convertToDatabaseColumn(BacktestStatus status) {
            return status == null ? null : status.key();
        }

        @Override
        public BacktestStatus convertToEntityAttribute(String key) {
            return key == null ? null : of(key);
        }
    }
}
