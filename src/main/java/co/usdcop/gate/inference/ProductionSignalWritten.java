package co.usdcop.gate.inference;

import java.time.Instant;

/** Fired (asynchronously) after a tick wrote a production signal; the live risk guard listens. */
public record ProductionSignalWritten(long contractId, String modelId, Instant barTs) {
}
