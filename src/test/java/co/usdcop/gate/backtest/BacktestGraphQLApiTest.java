package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BacktestGraphQLApiTest {

    private static final String QUERY = """
            query($id: String!) { backtest(id: $id) {
              id modelId status outOfSample verified signature runSource periodType barCount tradeCount
              costModel { transactionCostBps initialCapital } thresholds { longThreshold shortThreshold }
              metrics { totalReturn sharpe sortino maxDrawdown maxDrawdownPeakTs numberOfTrades winRate profitFactor
                        exposure averageDailyTurnover }
              trades(limit: 2, offset: 1) { total limit offset items { seq side entryTs exitTs pnl returnFraction exitReason } }
              equityCurve { ts equity position }
              dailyReturns { date equity dailyReturn }
            } }""";

    @Inject
    BacktestService service;

    @Inject
    EntityManager em;

    @BeforeEach
    void model() {
        BacktestServiceTest.registerTestModel(em);
    }

    @Test
    void aBacktestReadsWithItsMetricsPagedTradesAndCurves() {
        BacktestSummary s = BacktestServiceTest.run(service, LocalDate.of(2025, 11, 3), 4);
        var r = GraphQL.as("alice", QUERY, Map.of("id", s.id().toString()));
        assertNull(GraphQL.errorCode(r), () -> r.prettify());
        assertEquals(s.signature(), r.getString("data.backtest.signature"));
        assertEquals("completed", r.getString("data.backtest.status"));
        assertTrue(r.getBoolean("data.backtest.outOfSample"));
        assertEquals(2.5, r.getDouble("data.backtest.costModel.transactionCostBps"));
        assertEquals(s.metrics().numberOfTrades(), r.getInt("data.backtest.metrics.numberOfTrades"));
        assertEquals(s.tradeCount(), r.getInt("data.backtest.trades.total"));
        assertEquals(2, r.getList("data.backtest.trades.items").size());
        assertEquals(2, r.getInt("data.backtest.trades.items[0].seq"));
        assertEquals(240, r.getList("data.backtest.equityCurve").size());
        assertEquals(4, r.getList("data.backtest.dailyReturns").size());
        assertEquals("2025-11-03", r.getString("data.backtest.dailyReturns[0].date"));

        var list = GraphQL.as("otto", "{ backtests(modelId: \"" + BacktestServiceTest.MODEL
                + "\", limit: 1) { total limit items { id } } }");
        assertNull(GraphQL.errorCode(list), () -> list.prettify());
        assertEquals(1, list.getInt("data.backtests.limit"));
        assertTrue(list.getInt("data.backtests.total") >= 1);
    }

    @Test
    void unknownIdsBadIdsAndUsersWithoutARoleAreRefused() {
        var missing = GraphQL.as("rita", QUERY, Map.of("id", UUID.randomUUID().toString()));
        assertEquals("NOT_FOUND", GraphQL.errorCode(missing));
        var bad = GraphQL.as("rita", QUERY, Map.of("id", "not-a-uuid"));
        assertEquals("VALIDATION", GraphQL.errorCode(bad));
        assertTrue(GraphQL.errorMessage(bad).contains("not a backtest id"));
        var guest = GraphQL.as("nina", QUERY, Map.of("id", UUID.randomUUID().toString()));
        assertEquals("forbidden", GraphQL.errorCode(guest).toLowerCase());
        var anonymous = GraphQL.anonymous("{ backtests(modelId: \"x\") { total } }");
        assertEquals("unauthorized", GraphQL.errorCode(anonymous).toLowerCase());
    }
}
