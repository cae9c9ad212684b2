package co.usdcop.gate.market;

import co.usdcop.gate.config.MarketConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The validation rules of one bar, for CSV files and GraphQL batches alike. A bar is accepted when:
 * <ul>
 * <li>open, high, low, close are finite and &gt; 0; volume finite and &ge; 0;</li>
 * <li>high &ge; max(open, close) and low &le; min(open, close);</li>
 * <li>ts (bar open time, UTC) lies on the bar grid (market.yaml bar_minutes) and inside the session: a trading
 * weekday, between the first and the last bar's open time;</li>
 * <li>the bar is complete: ts + bar_minutes &le; now (a bar still forming, or one in the future, is refused);</li>
 * <li>its ts does not repeat an earlier row of the same input (an upsert may change a row only once).</li>
 * </ul>
 * Stateful only for the duplicate check: use one instance per input.
 */
public final class BarRules {

    private final MarketConfig market;
    private final TradingSession session;
    private final long barSeconds;
    private final Instant now;
    private final FirstRowByKey firstRowOfTs = new FirstRowByKey();

    public BarRules(MarketConfig market, Clock clock) {
        this.market = market;
        this.session = TradingSession.of(market);
        this.barSeconds = market.barMinutes() * 60L;
        this.now = clock.instant();
    }

    public void check(int row, Bar bar, RowErrors errors) {
        checkPrice(row, "open", bar.open(), errors);
        checkPrice(row, "high", bar.high(), errors);
        checkPrice(row, "low", bar.low(), errors);
        checkPrice(row, "close", bar.close(), errors);
        if (!Double.isFinite(bar.volume()) || bar.volume() < 0) {
            errors.add(row, "volume must be a finite number >= 0, got " + bar.volume());
        }
        double top = Math.max(bar.open(), bar.close());
        double bottom = Math.min(bar.open(), bar.close());
        if (bar.high() < top) {
            errors.add(row, "high " + bar.high() + " is below max(open, close) = " + top);
        }
        if (bar.low() > bottom) {
            errors.add(row, "low " + bar.low() + " is above min(open, close) = " + bottom);
        }
        checkTime(row, bar.ts(), errors);
    }

    private static void checkPrice(int row, String field, double value, RowErrors errors) {
        if (!Double.isFinite(value) || value <= 0) {
            errors.add(row, field + " must be a finite price > 0, got " + value);
        }
    }

    private void checkTime(int row, Instant ts, RowErrors errors) {
        if (!session.isOnGrid(ts)) {
            errors.add(row, "timestamp " + ts + " is not on the " + market.barMinutes()
                    + "-minute grid (bar open times are :00, :05, ... with zero seconds, UTC)");
            return;
        }
        MarketConfig.Session hours = market.session();
        LocalDate date = session.tradingDate(ts);
        if (!session.isTradingDay(date)) {
            errors.add(row, "timestamp " + ts + " falls on a " + date.getDayOfWeek()
                    + ", outside the session days " + hours.days());
        } else if (!session.isInSession(ts)) {
            errors.add(row, "timestamp " + ts + " is outside the session: bars open from " + hours.open()
                    + " to " + hours.lastBar() + " " + hours.timezone());
        }
        if (ts.plusSeconds(barSeconds).isAfter(now)) {
            errors.add(row, "timestamp " + ts + " is in the future or the bar is not complete yet (now " + now + ")");
        }
        int first = firstRowOfTs.putIfAbsent(ts.getEpochSecond(), row);
        if (first > 0) {
            errors.add(row, "timestamp " + ts + " repeats row " + first + "; each bar may appear once per input");
        }
    }
}
