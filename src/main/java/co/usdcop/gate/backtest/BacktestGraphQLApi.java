package co.usdcop.gate.backtest;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Reading stored backtests: one with its trades (paged) and curves, or a model's backtests (paged). */
@GraphQLApi
@GraphQLErrorBoundary
public class BacktestGraphQLApi {

    @Inject
    BacktestStore store;

    @Query("backtest")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("One stored backtest with its metrics, signature and verification; trades and curves as fields.")
    public BacktestSummary backtest(@NonNull @Name("id") String id) {
        return store.get(uuid(id));
    }

    @Query("backtests")
    @RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
    @Description("A model's backtests, newest first (limit default 50, at most 500).")
    public Page<BacktestSummary> backtests(@NonNull @Name("modelId") String modelId, Integer limit, Integer offset) {
        return store.list(modelId, limit, offset);
    }

    @Description("Closed round trips in opening order (limit default 50, at most 500)")
    public Page<RoundTrip> trades(@Source BacktestSummary backtest, Integer limit, Integer offset) {
        return store.trades(backtest.id(), limit, offset);
    }

    @Description("Equity after every bar, with the position decided there")
    public List<EquityPoint> equityCurve(@Source BacktestSummary backtest) {
        return store.equityCurve(backtest.id());
    }

    @Description("Equity and return of every trading date")
    public List<DailyReturn> dailyReturns(@Source BacktestSummary backtest) {
        return store.dailyReturns(backtest.id());
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
