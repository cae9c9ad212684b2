package co.usdcop.gate.backtest;

import static co.usdcop.gate.promotion.PromotionFixtures.REASON;
import static co.usdcop.gate.promotion.PromotionFixtures.attach;
import static co.usdcop.gate.promotion.PromotionFixtures.propose;
import static co.usdcop.gate.promotion.PromotionFixtures.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.SyntheticMarkets;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.promotion.PromotionService;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What-if backtests: runBacktest(costMultiplier) charges transaction_cost_bps × the multiplier through the queue and
 * the engine, stores and signs it, and such a run is never evidence for a promotion.
 */
@QuarkusTest
class BacktestCostMultiplierTest {

    static final LocalDate FROM = LocalDate.of(2025, 7, 1);
    static final LocalDate TO = LocalDate.of(2025, 7, 11);
    static final String RUN = """
            mutation($m: String!, $f: Date, $t: Date, $c: Float) {
              runBacktest(modelId: $m, from: $f, to: $t, costMultiplier: $c) { id status costMultiplier } }""";
    static final String READ = """
            query($id: String!) { backtest(id: $id) { id costMultiplier effectiveCostBps
              costModel { transactionCostBps } metrics { totalReturn numberOfTrades exposure totalTurnover } } }""";
    static final String LIST = """
            query($m: String!) { backtests(modelId: $m) { items { id costMultiplier effectiveCostBps } } }""";

    @Inject
    SyntheticMarkets markets;

    @Inject
    GateConfig config;

    @Inject
    BacktestJobs jobs;

    @Inject
    BacktestStore store;

    @Inject
    StoredBacktests stored;

    @Inject
    PromotionFixtures fx;

    @Inject
    PromotionService promotions;

    @BeforeEach
    void july2025() {
        markets.july2025();
    }

    @AfterEach
    void closeOpenProposals() {
        fx.closeOpenProposals(promotions);
    }

    private static JsonPath run(String modelId, Double multiplier) {
        Map<String, Object> v = new HashMap<>();
        v.put("m", modelId);
        v.put("f", FROM.toString());
        v.put("t", TO.toString());
        v.put("c", multiplier);
        return GraphQL.as(DemoUsers.RESEARCHER, RUN, v);
    }

    /** Runs a backtest over GraphQL, waits for it and returns its id. */
    private UUID completed(String modelId, Double multiplier) {
        JsonPath r = run(modelId, multiplier);
        assertNull(r.get("errors"), r::prettify);
        assertEquals(multiplier == null ? 1.0 : multiplier, r.getDouble("data.runBacktest.costMultiplier"));
        UUID id = UUID.fromString(r.getString("data.runBacktest.id"));
        List<BacktestJob> events = jobs.progress(id).collect().asList().await().atMost(Duration.ofSeconds(120));
        BacktestJob last = events.get(events.size() - 1);
        assertEquals("completed", last.status(), last::toString);
        assertEquals(multiplier == null ? 1.0 : multiplier, last.costMultiplier(), "the job carries the multiplier");
        return id;
    }

    private static JsonPath read(UUID id) {
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, READ, Map.of("id", id.toString()));
        assertNull(r.get("errors"), r::prettify);
        return r;
    }

    @Test
    void aRunAtTwiceTheCostChargesTwiceTheConfiguredCostOnTheSamePositions() {
        TestModel m = fx.register("cost-x2", DemoUsers.RESEARCHER);
        double bps = config.backtest().transactionCostBps();
        UUID standard = completed(m.id(), null);
        UUID doubled = completed(m.id(), 2.0);

        JsonPath a = read(standard);
        JsonPath b = read(doubled);
        assertEquals(1.0, a.getDouble("data.backtest.costMultiplier"));
        assertEquals(bps, a.getDouble("data.backtest.effectiveCostBps"));
        assertEquals(2.0, b.getDouble("data.backtest.costMultiplier"));
        assertEquals(2 * bps, b.getDouble("data.backtest.effectiveCostBps"));
        assertEquals(2 * bps, b.getDouble("data.backtest.costModel.transactionCostBps"), "the signed cost model");
        assertEquals(2 * bps, Double.parseDouble(fx.text("select cost_model ->> 'transactionCostBps' from"
                + " backtest_results where id = ?", doubled)));
        assertEquals(2.0, Double.parseDouble(fx.text("select cost_multiplier from backtest_results where id = ?",
                doubled)));

        // costs do not change the decisions: the same positions, trades and turnover ...
        List<EquityPoint> curveA = store.equityCurve(standard);
        List<EquityPoint> curveB = store.equityCurve(doubled);
        assertEquals(curveA.stream().map(EquityPoint::position).toList(),
                curveB.stream().map(EquityPoint::position).toList());
        assertEquals(a.getInt("data.backtest.metrics.numberOfTrades"), b.getInt("data.backtest.metrics.numberOfTrades"));
        assertTrue(a.getDouble("data.backtest.metrics.totalTurnover") > 0, "the fixture policy trades in July 2025");
        // ... and each bar's growth factor is lower by c × |Δposition|, c = transaction_cost_bps / 10 000 (fraction of
        // traded notional): E[t] / E[t−1] = 1 + p[t−1] × r[t] − k × c × |p[t] − p[t−1]| for k = 1 and k = 2
        double capital = config.backtest().initialCapital();
        double c = bps / 10_000;
        int charged = 0;
        for (int t = 0; t < curveA.size(); t++) {
            double prevA = t == 0 ? capital : curveA.get(t - 1).equity();
            double prevB = t == 0 ? capital : curveB.get(t - 1).equity();
            int traded = Math.abs(curveA.get(t).position() - (t == 0 ? 0 : curveA.get(t - 1).position()));
            double expected = curveA.get(t).equity() / prevA - c * traded;
            assertEquals(expected, curveB.get(t).equity() / prevB, 1e-12, "growth of bar " + t);
            charged += traded > 0 ? 1 : 0;
        }
        assertTrue(charged > 0);
        double retA = a.getDouble("data.backtest.metrics.totalReturn");
        double retB = b.getDouble("data.backtest.metrics.totalReturn");
        assertTrue(retB < retA, "more cost, lower total return: " + retB + " vs " + retA);

        JsonPath list = GraphQL.as(DemoUsers.RESEARCHER, LIST, Map.of("m", m.id()));
        assertEquals(2.0, list.getDouble("data.backtests.items.find { it.id == '" + doubled + "' }.costMultiplier"),
                list::prettify);
        assertEquals(2 * bps, list.getDouble("data.backtests.items.find { it.id == '" + doubled
                + "' }.effectiveCostBps"), list::prettify);
    }

    @Test
    void aMultiplierOutsideTheConfiguredBoundsIsRefusedNamingThem() {
        TestModel m = fx.register("cost-bounds", DemoUsers.RESEARCHER);
        double min = config.backtest().costMultiplierMin();
        double max = config.backtest().costMultiplierMax();
        long jobsBefore = fx.count("select count(*) from backtest_jobs where model_id = ?", m.id());
        for (double bad : new double[] {max + 0.5, min / 2, 0.0, -1.0}) {
            JsonPath r = run(m.id(), bad);
            assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
            String message = GraphQL.errorMessage(r);
            assertTrue(message.contains(String.valueOf(min)) && message.contains(String.valueOf(max))
                    && message.contains("max_cost_multiplier"), message);
        }
        assertEquals(jobsBefore, fx.count("select count(*) from backtest_jobs where model_id = ?", m.id()),
                "nothing queued");
        JsonPath atMax = run(m.id(), max);
        assertNull(atMax.get("errors"), atMax::prettify);
        jobs.progress(UUID.fromString(atMax.getString("data.runBacktest.id"))).collect().asList().await()
                .atMost(Duration.ofSeconds(120));
    }

    @Test
    void aWhatIfRunOfTheProductionModelIsNeverItsBaselineNotEvenAtTheVote() {
        TestModel old = fx.promoted("cost-base-old");
        double bps = config.backtest().transactionCostBps();
        // a what-if run whose cost equals the candidate's (as if the configured cost had doubled since): the same
        // period, data, thresholds and cost model as the candidate's backtest, newer than production's standard runs
        UUID whatIf = stored.save(old.id(), old.modelHash(), old.normStatsHash(), true, true, 9.0, 0.55, 0.05, 120,
                2.0, bps);
        TestModel candidate = fx.stagedDaysAgo("cost-base-new", 8);
        JsonPath p = propose(DemoUsers.AUTOMATION, candidate.id(), "production", fx.goodBacktest(candidate), REASON);
        assertNull(p.get("errors"), p::prettify);
        String baseline = p.getString("data.proposePromotion.vsBaseline.baselineBacktestId");
        assertTrue(baseline == null || !baseline.equals(whatIf.toString()), p::prettify);
        String id = p.getString("data.proposePromotion.id");

        // another what-if run, newer still; the vote recomputes the comparison and must not pick it either
        UUID newer = stored.save(old.id(), old.modelHash(), old.normStatsHash(), true, true, 9.0, 0.55, 0.05, 120,
                2.0, bps);
        JsonPath v = vote(DemoUsers.REVIEWER, id, "REQUEST_MORE_TESTS", null, "more tests", null);
        assertNull(v.get("errors"), v::prettify);
        JsonPath after = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { proposal(id: $id) { vsBaseline {"
                + " baselineBacktestId } } }", Map.of("id", id));
        assertEquals(baseline, after.getString("data.proposal.vsBaseline.baselineBacktestId"), after::prettify);
        assertEquals(0, fx.count("select count(*) from votes where proposal_id = ?::uuid and (evidence::text like ?"
                + " or evidence::text like ?)", id, "%" + whatIf + "%", "%" + newer + "%"));
    }

    @Test
    void aWhatIfRunCannotBeProposedNorAttachedAndNothingIsWritten() {
        TestModel m = fx.register("cost-propose", DemoUsers.RESEARCHER);
        UUID doubled = completed(m.id(), 2.0);
        long audit = fx.count("select count(*) from approval_audit_log where action = 'promotion.proposal_refused'"
                + " and entity_id = ?", m.id());
        JsonPath p = propose(DemoUsers.AUTOMATION, m.id(), "staging", doubled, REASON);
        assertEquals("VALIDATION", GraphQL.errorCode(p), p::prettify);
        String message = GraphQL.errorMessage(p);
        assertTrue(message.contains("cost multiplier 2.0") && message.contains("standard cost"), message);
        assertEquals(0, fx.count("select count(*) from promotion_proposals where model_id = ?", m.id()));
        assertEquals(audit + 1, fx.count("select count(*) from approval_audit_log where action ="
                + " 'promotion.proposal_refused' and entity_id = ?", m.id()), "the refusal is audited");
        JsonPath preview = GraphQL.as(DemoUsers.RESEARCHER, "query($m: String!, $b: String!) { proposalPreview("
                + "modelId: $m, targetStage: \"staging\", backtestId: $b) { targetStage } }",
                Map.of("m", m.id(), "b", doubled.toString()));
        assertEquals("VALIDATION", GraphQL.errorCode(preview), preview::prettify);

        // a proposal on hold: the requester may attach a newer backtest, but not a what-if one
        TestModel s = fx.stagedDaysAgo("cost-attach", 8);
        String id = fx.pendingProductionProposal(s);
        JsonPath held = vote(DemoUsers.REVIEWER, id, "REQUEST_MORE_TESTS", null, "run it on July", null);
        assertTrue(held.getBoolean("data.vote.onHold"), held::prettify);
        String before = fx.text("select backtest_id from promotion_proposals where id = ?::uuid", id);
        UUID whatIf = completed(s.id(), 0.5);
        JsonPath a = attach(DemoUsers.AUTOMATION, id, whatIf);
        assertEquals("VALIDATION", GraphQL.errorCode(a), a::prettify);
        assertTrue(GraphQL.errorMessage(a).contains("cost multiplier 0.5"), a::prettify);
        assertEquals(before, fx.text("select backtest_id from promotion_proposals where id = ?::uuid", id));
        assertEquals("1", fx.text("select round from promotion_proposals where id = ?::uuid", id));
        assertEquals(1, fx.count("select count(*) from votes where proposal_id = ?::uuid and kind = 'AUTO'", id));
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action = 'promotion.attach_refused'"
                + " and entity_id = ?", id));
    }
}
