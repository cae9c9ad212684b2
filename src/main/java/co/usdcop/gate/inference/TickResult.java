package co.usdcop.gate.inference;

import java.time.Instant;
import java.util.List;

/**
 * What one tick did. {@code outcome} is {@code NO_DATA} (no closed bar), {@code NO_CONTRACT} (nothing in production:
 * only shadow rows) or the production signal's reason; {@code written} are the rows this call inserted (a repeated
 * tick of the same bar inserts none).
 */
public record TickResult(Instant barTs, String outcome, List<Signal> written) {
}
