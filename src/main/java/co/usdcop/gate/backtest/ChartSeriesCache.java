package co.usdcop.gate.backtest;

import co.usdcop.gate.common.BoundedLru;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The thinned chart series of stored backtests (equity curve, daily returns), kept in memory, least recently used
 * first out. Safe because a stored backtest never changes: its row is written once, completed, and frozen by the
 * V72 trigger. Someone altering the table behind the service's back would see the old series here until it is
 * evicted, which is why verification ({@link BacktestStore#check}) never reads through this cache. Bounded to
 * {@link #ENTRIES} series (≈ 100 KB each at the default 2000 points), so a reviewer's page of a backtest read
 * again, by them or by the next reviewer, costs no re-parse of a 22,000-point curve.
 */
@ApplicationScoped
public class ChartSeriesCache {

    /** Series kept at most (about 25 MB at 2000 points each). */
    static final int ENTRIES = 256;

    private record Key(UUID backtestId, String series, int maxPoints) {
    }

    private final BoundedLru<Key, List<?>> entries = new BoundedLru<>(ENTRIES);

    /** The series {@code series} of backtest {@code id} at {@code maxPoints}, loaded by {@code load} on a miss. */
    @SuppressWarnings("unchecked")
    <T> List<T> get(UUID id, String series, int maxPoints, Supplier<List<T>> load) {
        Key key = new Key(id, series, maxPoints);
        List<?> cached = entries.get(key);
        if (cached != null) {
            return (List<T>) cached;
        }
        List<T> loaded = List.copyOf(load.get()); // two readers missing at once both load; either copy is the series
        entries.put(key, loaded);
        return loaded;
    }

    /** Series kept now. */
    int size() {
        return entries.size();
    }
}
