package co.usdcop.gate.backtest;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

/** The {@code selection} and {@code sealedSignature} fields of a backtest: trials, PSR and DSR fixed at its completion. */
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

    @Description("SHA-256 of the canonical JSON of {backtest: signature, selection: selection}: the signature sealed"
            + " with the trial count and the trials' Sharpe variance fixed at completion; null before they existed")
    public String sealedSignature(@Source BacktestSummary backtest) {
        return store.sealedSignature(backtest.id());
    }
}
