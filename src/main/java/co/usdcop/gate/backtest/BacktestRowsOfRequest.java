package co.usdcop.gate.backtest;

import jakarta.enterprise.context.RequestScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The backtest rows one request has read, so a page that asks for a backtest's summary, its selection statistics
 * and its sealed signature reads the row once. A stored backtest never changes (written once, frozen by V72), so a
 * row read earlier in the same request is the row; checks of its signatures always read the database.
 */
@RequestScoped
public class BacktestRowsOfRequest {

    // reached through methods only: a field read on the injected client proxy would see the proxy's own map,
    // shared by every request
    private final Map<UUID, BacktestResultEntity> rows = new HashMap<>();

    /** The row read earlier in this request, or {@code read}'s answer, kept for the rest of the request. */
    BacktestResultEntity row(UUID id, Function<UUID, BacktestResultEntity> read) {
        BacktestResultEntity e = rows.get(id);
        if (e == null) {
            e = read.apply(id);
            rows.put(id, e);
        }
        return e;
    }
}
