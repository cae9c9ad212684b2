package co.usdcop.gate.market;

import java.time.Instant;

/** One USD/COP 5-minute bar: {@code ts} is the bar's open time (UTC); prices in COP per USD. */
public record Bar(Instant ts, double open, double high, double low, double close, double volume) {
}
