package co.usdcop.gate.monitoring;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.CurrentUser;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class MonitoringGraphQLApi {

    @Inject
    DriftService drift;

    @Inject
    PaperLedger ledger;

    @Inject
    MonitoringService monitoring;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Query("driftReport")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Feature drift of a model now (or as of asOf): PSI and KS of each market feature over the last"
            + " windowDays trading dates (default monitoring.yaml) against the model's training range. Not stored.")
    public DriftReport driftReport(@NonNull @Name("modelId") String modelId, @Name("windowDays") Integer windowDays,
            @Name("asOf") OffsetDateTime asOf) {
        return drift.compute(modelId, windowDays, asOf == null ? clock.instant() : asOf.toInstant(), user.subject());
    }

    @Query("driftReports")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Drift reports stored by the daily monitoring job for a model, newest first.")
    public Page<DriftReport> driftReports(@NonNull @Name("modelId") String modelId, @Name("limit") Integer limit,
            @Name("offset") Integer offset) {
        return drift.history(modelId, limit, offset);
    }

    @Query("paperPerformance")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Paper P&L of a model's recorded signals (default: the production model; shadow: true for a staging"
            + " model's shadow signals; replay: true for the rows of replay mode) with the backtest's accounting and"
            + " costs, beside its backtest.")
    public PaperPerformance paperPerformance(@Name("modelId") String modelId, @Name("shadow") Boolean shadow,
            @Name("replay") Boolean replay, @Name("from") OffsetDateTime from, @Name("to") OffsetDateTime to) {
        return ledger.performance(modelId, Boolean.TRUE.equals(shadow), Boolean.TRUE.equals(replay),
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant());
    }

    @Mutation("runMonitoring")
    @RolesAllowed(Roles.ADMIN)
    @Description("Runs the daily monitoring now: stores drift reports, raises alerts, checks the live drawdown.")
    public MonitoringRun runMonitoring() {
        return monitoring.run(clock.instant(), user.subject());
    }
}
