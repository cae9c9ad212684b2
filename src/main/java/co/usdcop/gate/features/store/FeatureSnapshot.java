package co.usdcop.gate.features.store;

import co.usdcop.gate.features.FeatureVector;
import java.util.List;

/**
 * Feature rows of a range as stored, with {@code dataSnapshotHash} = SHA-256 of their canonical text
 * ({@link FeatureRowsCsv}) — what a backtest records to prove which data it ran on.
 */
public record FeatureSnapshot(List<FeatureVector> rows, String dataSnapshotHash, String featureOrderHash,
        String contractVersion) {
}
