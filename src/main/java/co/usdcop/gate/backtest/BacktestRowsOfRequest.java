package co.usdcop.gate.backtest;

import jakarta.enterprise.context.RequestScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The backtest rows one request has read, so a page that asks for a backtest's summary, its selection statistics
 * and its sealed signature reads the row once. A stored backtest never changes (written once, frozen by V72), so a
 * row read earlier in the same request is the row; checks of its signatures always read the database.
 */
@RequestScoped
public class BacktestRowsOfRequest {

    final Map<UUID, BacktestResultEntity> rows = new HashMap<>();
}
