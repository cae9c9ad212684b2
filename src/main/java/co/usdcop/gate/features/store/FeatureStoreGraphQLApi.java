package co.usdcop.gate.features.store;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.security.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class FeatureStoreGraphQLApi {

    @Inject
    FeatureStore store;

    @Inject
    DataQualityService quality;

    @Inject
    DatasetExporter exporter;

    @Inject
    GateConfig config;

    @Query("features")
    @Authenticated
    @Description("Stored feature rows (current contract version) with from <= ts <= to, oldest first, paged "
            + "(limit <= 500); missing rows are computed first.")
    public Page<FeatureRowView> features(@NonNull Instant from, @NonNull Instant to, Integer limit, Integer offset) {
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        double min = config.featureContract().minDataQualityScore();
        var rows = store.page(from, to, lim, off).stream().map(f -> FeatureRowView.of(f, min)).toList();
        return new Page<>(rows, Page.totalSelected() ? store.count(from, to) : Page.NOT_COUNTED, off, lim);
    }

    @Query("dataQuality")
    @Authenticated
    @Description("Bars and missing bars by day, macro forward-fill share, mean quality score and series freshness.")
    public DataQuality dataQuality(@NonNull Instant from, @NonNull Instant to) {
        return quality.dataQuality(from, to);
    }

    @Mutation("exportDataset")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Writes the feature rows of [from, to] as a training-dataset CSV artifact and returns its "
            + "dataset_hash (SHA-256). Same range and data, same hash. Researchers and automation.")
    public DatasetExport exportDataset(@NonNull Instant from, @NonNull Instant to) {
        return exporter.exportDataset(from, to);
    }

    @Mutation("exportNormStats")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Writes norm_stats.json (mean and sample std of the 13 market features over [from, to]) as an "
            + "artifact and returns its hash. Researchers and automation.")
    public DatasetExport exportNormStats(@NonNull Instant from, @NonNull Instant to) {
        return exporter.exportNormStats(from, to);
    }
}
