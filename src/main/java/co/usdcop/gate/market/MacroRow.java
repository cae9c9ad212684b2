package co.usdcop.gate.market;


/**
 * A validated macro input row: the observation, its row number (file line or 1-based batch position) and whether its
 * publication time was given. Without one, {@code observation.publishedAt()} holds the default of a first load
 * ({@link MacroRules#defaultPublishedAt}); the writer publishes a changed value of a stored date at the ingestion
 * instant instead.
 */
public record MacroRow(int row, MacroObservation observation, boolean publicationGiven) {
}
