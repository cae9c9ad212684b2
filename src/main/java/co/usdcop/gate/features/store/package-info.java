/**
 * The feature store (L1) and dataset export (L2): {@code inference_features} rows computed only by the canonical
 * builder over the stored bars and point-in-time macro observations, kept up to date after ingestion and by the
 * hourly macro consolidation job, read by backtests and live inference, summarised for data quality and exported
 * as content-addressed training datasets and norm stats. A refresh ({@code FeatureRecomputation}) resumes from the
 * builder checkpoint stored after the last bar of the newest trading date before its first dirty row
 * ({@code FeatureCheckpoints}), so a new bar costs its day, not the history.
 */
package co.usdcop.gate.features.store;
