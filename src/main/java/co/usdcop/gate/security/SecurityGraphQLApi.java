package co.usdcop.gate.security;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class SecurityGraphQLApi {

    @Inject
    CurrentUser user;

    @Query("me")
    @Authenticated
    @Description("The caller: subject, name, e-mail and roles. Any logged-in user.")
    public Me me() {
        return new Me(user.subject(), user.name(), user.email(), List.copyOf(user.roles()));
    }
}
