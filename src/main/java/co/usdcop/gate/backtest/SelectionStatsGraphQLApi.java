package co.usdcop.gate.backtest;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

/** The {@code selection} field of a backtest: trials, PSR and DSR as fixed at its completion. */
@GraphQLApi
@GraphQLErrorBoundary
public class SelectionStatsGraphQLApi {

    @Inject
    BacktestStore store;

    @Description("Trials of the experiment family, probabilistic and deflated Sharpe ratio, fixed when the backtest"
            + " completed; null for backtests stored before these statistics existed")
    public SelectionStats selection(@Source BacktestSummary backtest) {
        return store.selectionStats(backtest.id());
    }
}
