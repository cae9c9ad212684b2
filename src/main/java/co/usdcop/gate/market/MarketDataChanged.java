package co.usdcop.gate.market;

import java.time.Instant;

/**
 * CDI event fired inside an ingestion transaction when stored bars or macro observations changed: features of bars
 * at or after {@code from} may differ now. Observers in the transaction mark the feature store dirty; observers
 * after success recompute.
 */
public record MarketDataChanged(Instant from) {
}
