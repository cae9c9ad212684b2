package co.usdcop.gate.alerts;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class AlertGraphQLApi {

    @Inject
    Alerts alerts;

    @Query("alerts")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Inference alerts (e.g. a production contract that failed validation), newest first.")
    public Page<InferenceAlert> alerts(@Name("limit") Integer limit, @Name("offset") Integer offset) {
        return alerts.page(limit, offset);
    }
}
