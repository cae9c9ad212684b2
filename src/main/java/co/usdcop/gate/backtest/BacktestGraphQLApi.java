package co.usdcop.gate.backtest;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import co.usdcop.gate.security.CurrentUser;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import io.smallrye.graphql.api.Subscription;

/**
 * Backtests over GraphQL: queue a run of a registered model and follow or cancel it; read stored backtests with their
 * trades (paged) and curves, or a model's backtests (paged).
 */
@GraphQLApi
@GraphQLErrorBoundary
public class BacktestGraphQLApi {

    @Inject
    BacktestStore store;

    @Inject
    BacktestJobs jobs;

    @Inject
    BacktestService service;

    @Inject
    CurrentUser user;

    @Inject
    BacktestPrices prices;

    @Query("backtest")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("One stored backtest with its metrics, signature and verification; trades and curves as fields.")
    public BacktestSummary backtest(@NonNull @Name("id") String id) {
        return store.get(uuid(id));
    }

    @Query("verifyBacktest")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Recomputes a stored backtest's content and record signatures and says whether the row is still what"
            + " was signed (like verifyAuditChain for the audit log).")
    public BacktestIntegrity verifyBacktest(@NonNull @Name("id") String id) {
        return store.check(uuid(id));
    }

    @Query("backtests")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("A model's backtests, newest first (limit default 50, at most 500).")
    public Page<BacktestSummary> backtests(@NonNull @Name("modelId") String modelId, Integer limit, Integer offset) {
        return store.list(modelId, limit, offset);
    }

    @Mutation("runBacktest")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Queues a backtest of a registered model over a preset of date_ranges.yaml (validation, test,"
            + " last_90_days, ...) or from/to dates; follow it with backtestProgress(id), read it with backtest(id)."
            + " costMultiplier (default 1, bounds in config/backtest.yaml) charges transaction_cost_bps × it: a run at"
            + " any multiplier other than 1 is a what-if run, stored and signed but never evidence for a promotion.")
    public BacktestJob runBacktest(@NonNull @Name("modelId") String modelId, String preset, LocalDate from,
            LocalDate to, @Name("costMultiplier") Double costMultiplier) {
        return jobs.submit(modelId, preset, from, to, costMultiplier, user.subject());
    }

    @Mutation("saveBacktest")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Stores a backtest computed elsewhere after re-running it: verified only if the trades and metrics"
            + " are reproduced, otherwise stored unverified with the differences. Idempotent on the submission.")
    public BacktestSummary saveBacktest(@NonNull @Name("input") SubmittedBacktest input) {
        return service.save(input, user.subject());
    }

    @Mutation("cancelBacktest")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Cancels a queued or running backtest; nothing is stored.")
    public BacktestJob cancelBacktest(@NonNull @Name("id") String id) {
        return jobs.cancel(uuid(id));
    }

    @Query("backtestJob")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("A queued, running or recently finished backtest (of any replica).")
    public BacktestJob backtestJob(@NonNull @Name("id") String id) {
        return jobs.get(uuid(id));
    }

    @Query("backtestQueue")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Backtests queued, running or recently finished on any replica, newest first (paged).")
    public Page<BacktestJob> backtestQueue(Integer limit, Integer offset) {
        int l = Page.clampLimit(limit);
        int o = Page.checkOffset(offset);
        List<BacktestJob> all = jobs.list();
        return new Page<>(all.subList(Math.min(o, all.size()), Math.min(o + l, all.size())), all.size(), o, l);
    }

    @Subscription("backtestProgress")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("Progress of a backtest: its state now, then every change until it completes, fails or is"
            + " cancelled.")
    public Multi<BacktestJob> backtestProgress(@NonNull @Name("id") String id) {
        return jobs.progress(uuid(id));
    }

    @Description("Closed round trips in opening order (limit default 50, at most 500)")
    public Page<RoundTrip> trades(@Source BacktestSummary backtest, Integer limit, Integer offset) {
        return store.trades(backtest.id(), limit, offset);
    }

    @Description("Equity after every bar, with the position decided there, thinned to at most maxPoints (default"
            + " 2000, 2..5000) by keeping the lowest and highest equity of equal slices; the full curve is the CSV"
            + " download /api/backtests/{id}/equity-curve.csv")
    public List<EquityPoint> equityCurve(@Source BacktestSummary backtest, Integer maxPoints) {
        return store.equityCurve(backtest.id(), BacktestPrices.checkPoints(maxPoints));
    }

    @Description("The same points as equityCurve (same maxPoints rule) as parallel arrays: what charts should read")
    public EquitySeries equitySeries(@Source BacktestSummary backtest, Integer maxPoints) {
        return EquitySeries.of(store.equityCurve(backtest.id(), BacktestPrices.checkPoints(maxPoints)));
    }

    @Description("Closes of the period's stored bars for a price chart, thinned to at most maxPoints (default 2000,"
            + " 2..5000) by keeping the lowest and highest close of equal slices of the period")
    public PriceSeries prices(@Source BacktestSummary backtest, Integer maxPoints) {
        return prices.closes(backtest.periodStart(), backtest.periodEnd(), maxPoints);
    }

    @Description("Timestamps of the points (open time, UTC), parallel to close: what charts should read")
    public List<Instant> ts(@Source PriceSeries series) {
        return series.points().stream().map(PriceSeries.PricePoint::ts).toList();
    }

    @Description("Closes of the points (COP per USD), parallel to ts")
    public List<Double> close(@Source PriceSeries series) {
        return series.points().stream().map(PriceSeries.PricePoint::close).toList();
    }

    @Description("Equity and return of every trading date, thinned to at most maxPoints (default 2000, 2..5000) as"
            + " equityCurve; the full series is the CSV download /api/backtests/{id}/daily-returns.csv")
    public List<DailyReturn> dailyReturns(@Source BacktestSummary backtest, Integer maxPoints) {
        return store.dailyReturns(backtest.id(), BacktestPrices.checkPoints(maxPoints));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'" + id + "' is not a backtest id (a UUID such as "
                    + "3f2b6c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b).");
        }
    }
}
