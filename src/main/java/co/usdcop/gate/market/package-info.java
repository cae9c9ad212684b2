/**
 * Market data (L0): USD/COP 5-minute bars and macro observations — validation with row numbers, CSV parsing
 * (OHLCV and FRED formats), the bulk upsert through PostgreSQL COPY, the ingestion API (GraphQL and CSV over REST)
 * and the seeded synthetic data used in dev mode and tests.
 */
package co.usdcop.gate.market;
