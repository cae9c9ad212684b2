/**
 * Market data (L0): USD/COP 5-minute bars and macro observations — validation with row numbers, CSV parsing
 * (OHLCV and FRED formats), the bulk upsert through PostgreSQL COPY, the ingestion API (GraphQL and CSV over REST)
 * and the seeded synthetic data used in dev mode and tests.
 *
 * <p>The data records every other feature reads: {@link co.usdcop.gate.market.Bar} (one 5-minute bar),
 * {@link co.usdcop.gate.market.MacroObservation} (one version of a macro value with its publication time; NaN =
 * missing) and {@link co.usdcop.gate.market.TradingSession} (the session calendar of {@code market.yaml}: bar
 * numbers, trading date, {@code timeNormalized(ts)}, grid checks, next/previous bar). This package depends on no
 * other feature package.
 */
package co.usdcop.gate.market;
