package co.usdcop.gate.backtest;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

/**
 * One round trip: opened when the position leaves 0 (or changes sign), closed when it returns to 0 or changes sign
 * (a flip closes one round trip and opens the next at the same bar).
 *
 * @param seq          1-based order of opening
 * @param side         +1 long USD, −1 short USD
 * @param entryTs      timestamp of the bar at whose close it was opened
 * @param exitTs       timestamp of the bar at whose close it was closed
 * @param entryPrice   close of the entry bar, COP per USD
 * @param exitPrice    close of the exit bar, COP per USD
 * @param bars         bars held = exit index − entry index
 * @param entryEquity  equity just before the entry trade, USD (the notional traded at entry)
 * @param pnl          P&amp;L in USD, costs of entry and exit included (see {@link RoundTrips})
 * @param returnFraction {@code pnl / entryEquity}
 * @param exitReason   {@code signal}, {@code flip}, {@code missing_feature}, {@code low_quality} or
 *                     {@code final_bar}
 */
@Description("A closed round trip")
public record RoundTrip(
        int seq,
        @Description("+1 long USD, -1 short USD") int side,
        Instant entryTs,
        Instant exitTs,
        @Description("COP per USD") double entryPrice,
        @Description("COP per USD") double exitPrice,
        @Description("Bars held") int bars,
        @Description("Equity before entry, USD") double entryEquity,
        @Description("P&L after costs, USD") double pnl,
        @Description("P&L / entry equity, fraction") double returnFraction,
        @Description("Why it was closed") String exitReason) {
}
