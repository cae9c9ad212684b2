package co.usdcop.gate.inference;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.CurrentUser;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class ReplayGraphQLApi {

    @Inject
    ReplayService replay;

    @Inject
    CurrentUser user;

    @Query("replayStatus")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Replay mode: whether a replay of stored bars is running, its range, speed and progress.")
    public ReplayStatus replayStatus() {
        return replay.status();
    }

    @Mutation("startReplay")
    @RolesAllowed(Roles.ADMIN)
    @Description("Replays the closed stored bars with from <= ts <= to at speed (simulated time per wall time) with a"
            + " simulated clock: production and shadow signals are written marked replay. Omitted arguments take the"
            + " replay defaults of market.yaml. Deletes the previous replay's rows; never touches live signals."
            + " CONFLICT when one is running or replay is disabled on this deployment.")
    public ReplayStatus startReplay(@Name("from") OffsetDateTime from, @Name("to") OffsetDateTime to,
            @Name("speed") Double speed) {
        return replay.start(from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), speed,
                user.name());
    }

    @Mutation("stopReplay")
    @RolesAllowed(Roles.ADMIN)
    @Description("Stops the running replay after the bar being scored; its rows stay until the next replay.")
    public ReplayStatus stopReplay() {
        return replay.stop(user.name());
    }
}
