package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Chart series are read once per backtest, series and size, and the cache stays bounded. */
class ChartSeriesCacheTest {

    @Test
    void aSeriesIsLoadedOncePerBacktestSeriesAndSize() {
        ChartSeriesCache cache = new ChartSeriesCache();
        AtomicInteger loads = new AtomicInteger();
        UUID id = UUID.randomUUID();
        List<Integer> first = cache.get(id, "equityCurve", 2000, () -> List.of(loads.incrementAndGet()));
        List<Integer> again = cache.get(id, "equityCurve", 2000, () -> List.of(loads.incrementAndGet()));
        assertSame(first, again);
        assertEquals(1, loads.get());
        assertEquals(List.of(2), cache.get(id, "equityCurve", 500, () -> List.of(loads.incrementAndGet())));
        assertEquals(List.of(3), cache.get(id, "dailyReturns", 2000, () -> List.of(loads.incrementAndGet())));
        assertEquals(List.of(4), cache.get(UUID.randomUUID(), "equityCurve", 2000,
                () -> List.of(loads.incrementAndGet())));
    }

    @Test
    void theLeastRecentlyUsedSeriesLeavesFirst() {
        ChartSeriesCache cache = new ChartSeriesCache();
        UUID kept = UUID.randomUUID();
        UUID evicted = UUID.randomUUID();
        cache.get(evicted, "equityCurve", 2000, () -> List.of("old"));
        cache.get(kept, "equityCurve", 2000, () -> List.of("kept"));
        for (int i = 0; i < ChartSeriesCache.ENTRIES - 1; i++) {
            cache.get(kept, "equityCurve", 2000, () -> List.of("reloaded"));
            cache.get(UUID.randomUUID(), "equityCurve", 2000, List::of);
        }
        assertEquals(ChartSeriesCache.ENTRIES, cache.size());
        assertEquals(List.of("kept"), cache.get(kept, "equityCurve", 2000, () -> List.of("reloaded")));
        assertEquals(List.of("reloaded"), cache.get(evicted, "equityCurve", 2000, () -> List.of("reloaded")));
    }
}
