package co.usdcop.gate.artifacts;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

/** Lists stored artifacts, so the dashboard can offer the service's own dataset exports when a model is registered. */
@GraphQLApi
@GraphQLErrorBoundary
public class ArtifactGraphQLApi {

    @Query("artifacts")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    @Description("Stored artifacts, newest first; kind filters (onnx, norm_stats, dataset, other).")
    public Page<ArtifactInfo> artifacts(String kind, Integer limit, Integer offset) {
        var query = kind == null || kind.isBlank()
                ? Artifact.<Artifact>findAll(Sort.descending("createdAt", "sha256"))
                : Artifact.<Artifact>find("kind", Sort.descending("createdAt", "sha256"), ArtifactKind.parse(kind).key());
        Page<Artifact> page = Page.of(query, limit, offset);
        return new Page<>(page.items().stream().map(a -> ArtifactInfo.of(a, false)).toList(), page.total(),
                page.offset(), page.limit());
    }
}
