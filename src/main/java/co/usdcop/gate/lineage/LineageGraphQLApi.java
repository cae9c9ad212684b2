package co.usdcop.gate.lineage;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class LineageGraphQLApi {

    @Inject
    LineageService lineage;

    @Query("lineage")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    @Description("The lineage graph of a model: experiment contract, dataset, model, norm stats, ONNX artifact, and"
            + " whatever later stages recorded about it.")
    public LineageGraph lineage(@Name("modelId") @NonNull String modelId) {
        return lineage.lineage(modelId);
    }
}
