package co.usdcop.gate.inference;

import co.usdcop.gate.audit.AuditRefusals;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.CurrentUser;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class InferenceGraphQLApi {

    @Inject
    InferenceService inference;

    @Inject
    KillSwitchService killSwitch;

    @Inject
    SignalStore signals;

    @Inject
    CurrentUser user;

    @Query("signals")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Recorded signals, newest first; filter by model, bar time range, shadow (staging) or production"
            + " rows and replay or live rows (both when omitted; limit default 50, at most 500).")
    public Page<Signal> signals(@Name("modelId") String modelId, @Name("from") OffsetDateTime from,
            @Name("to") OffsetDateTime to, @Name("shadow") Boolean shadow, @Name("replay") Boolean replay,
            @Name("limit") Integer limit, @Name("offset") Integer offset) {
        return signals.page(modelId, from == null ? null : from.toInstant(), to == null ? null : to.toInstant(),
                shadow, replay, limit, offset);
    }

    @Query("shadowModels")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Every staging model beside production: its latest shadow signal and its agreement with the"
            + " production signal on the same bars, live and replay apart (bars from `since` on; all when omitted).")
    public List<ShadowModel> shadowModels(@Name("since") OffsetDateTime since) {
        return signals.shadowModels(since == null ? null : since.toInstant());
    }

    @Query("killSwitch")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("The kill switch and any pending reset approval.")
    public KillSwitchState killSwitch() {
        return killSwitch.state();
    }

    @Mutation("tripKillSwitch")
    @AuditRefusals(action = "kill_switch.trip_refused", entity = "kill_switch")
    @RolesAllowed(Roles.ADMIN)
    @Description("Stops production trading: every tick records signal 0 (KILL_SWITCH) until two admins reset it."
            + " Needs a reason of at least 10 characters.")
    public KillSwitchState tripKillSwitch(@NonNull @Name("reason") String reason) {
        return killSwitch.trip(reason, admin());
    }

    @Mutation("resetKillSwitch")
    @AuditRefusals(action = "kill_switch.reset_refused", entity = "kill_switch")
    @RolesAllowed(Roles.ADMIN)
    @Description("Two-person reset: the first admin's call records an approval, a second call by a different admin"
            + " resets the switch.")
    public KillSwitchState resetKillSwitch(@NonNull @Name("reason") String reason) {
        return killSwitch.reset(reason, admin());
    }

    private KillSwitchService.Admin admin() {
        return new KillSwitchService.Admin(user.subject(), user.name());
    }
}
