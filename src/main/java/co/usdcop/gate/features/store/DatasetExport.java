package co.usdcop.gate.features.store;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("An exported artifact (training dataset CSV or norm_stats.json) of a feature range")
public record DatasetExport(
        @Description("dataset or norm_stats") String kind,
        @Description("SHA-256 of the file: the dataset_hash (or norm_stats_hash) a model registration refers to") String sha256,
        @Description("Feature rows covered") int rows,
        @Description("Range start (inclusive)") Instant from,
        @Description("Range end (inclusive)") Instant to,
        @Description("feature_order_hash of the contract the rows were computed with") String featureOrderHash,
        @Description("Feature contract version") String contractVersion,
        @Description("SHA-256 of the canonical text of the rows used (equals sha256 for a dataset)") String dataSnapshotHash,
        @Description("File size in bytes") long sizeBytes) {
}
