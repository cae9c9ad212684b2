package co.usdcop.gate.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import co.usdcop.gate.backtest.StoredBacktests;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.TestMlps;
import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Models, backtests and proposals for promotion tests, made through the real API (and SQL only to age a stage). */
@ApplicationScoped
public class PromotionFixtures {

    public static final String PROPOSE = """
            mutation($m: String!, $s: String!, $b: String!, $r: String!) {
              proposePromotion(modelId: $m, targetStage: $s, backtestId: $b, reason: $r) {
                id status finalDecision recommendation confidence recommendationReason autoPassed
                criteria { name threshold actual passed source } vsBaseline { baselineModelId baselineBacktestId
                candidateBacktestId sharpeImprovement drawdownImprovement improvementMet note }
                votes { kind decision voterName } } }""";
    public static final String VOTE = """
            mutation($p: String!, $d: VoteDecision!, $c: ChecklistInput, $comment: String, $o: String, $e: String) {
              vote(proposalId: $p, decision: $d, checklist: $c, comment: $comment, overrideReason: $o,
                   evidenceHash: $e) {
                id status finalDecision override overrideReason evidenceHash onHold round autoPassed
                votes { kind decision voterName override round evidenceHash } } }""";
    public static final String ATTACH = """
            mutation($p: String!, $b: String!) { attachBacktest(proposalId: $p, backtestId: $b) {
                id status onHold round backtestId autoPassed evidenceHash votes { kind decision round } } }""";
    public static final Map<String, Object> FULL_CHECKLIST = Map.of("backtestReviewed", true, "metricsAcceptable", true,
            "teamNotified", true);
    public static final String REASON = "Beats the current model out of sample on the test period";

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    StoredBacktests backtests;

    @Inject
    DataSource dataSource;

    /** A registered model (registered by {@code registrant}) with its hashes. */
    public record TestModel(String id, String modelHash, String normStatsHash) {
    }

    /**
     * A registered model trained on an exported dataset (recorded in market_exports as exportDataset records it, bar
     * range {@link StoredBacktests#TRAIN_START}..{@link StoredBacktests#TRAIN_END}), so its lineage is verified.
     */
    public TestModel register(String prefix, String registrant) {
        return registerOnExport(prefix, registrant, null);
    }

    private TestModel registerOnExport(String prefix, String registrant, byte[] policy) {
        String dataset = Hashes.sha256Hex("dataset " + prefix + System.nanoTime());
        exportedDataset(dataset, StoredBacktests.TRAIN_START, StoredBacktests.TRAIN_END);
        return register(prefix, registrant, dataset, policy);
    }

    /** Records {@code sha} as an exported dataset of the bar range from..to (what exportDataset writes). */
    public void exportedDataset(String sha, java.time.LocalDate from, java.time.LocalDate to) {
        sql("insert into market_exports (sha256, kind, from_ts, to_ts, rows, feature_order_hash, contract_version,"
                + " data_snapshot_hash, size_bytes, created_by) values (?, 'dataset', ?::date, ?::date + interval"
                + " '1 day' - interval '1 second', 1, 'test', 'test', ?, 1, 'test') on conflict do nothing", sha,
                from.toString(), to.toString(), sha);
    }

    /** A registered model whose dataset hash is {@code datasetHash} (known to the service or not). */
    public TestModel register(String prefix, String registrant, String datasetHash) {
        return register(prefix, registrant, datasetHash, null);
    }

    /** As {@link #register(String, String, String)} with the policy {@code policy} (null: a valid MLP of its own). */
    public TestModel register(String prefix, String registrant, String datasetHash, byte[] policy) {
        String id = prefix + "-" + System.nanoTime() % 1_000_000_000 + "-" + SEQ.incrementAndGet();
        String onnx = RegistryFixtures.upload(policy != null ? policy : TestMlps.validOnnx(SEQ.get()), "onnx");
        String norm = RegistryFixtures.upload(RegistryFixtures.normStats(Map.of()), "norm_stats");
        JsonPath r = RegistryFixtures.registerModel(registrant, RegistryFixtures.input(id,
                RegistryFixtures.BASELINE_CONTRACT, onnx, norm, datasetHash));
        assertNull(r.get("errors"), r::prettify);
        return new TestModel(id, onnx, norm);
    }

    /** A verified out-of-sample backtest that passes every criterion of the baseline experiment. */
    public UUID goodBacktest(TestModel m) {
        return backtests.save(m.id(), m.modelHash(), m.normStatsHash(), true, true, 1.5, 0.55, 0.05, 120);
    }

    /**
     * A what-if backtest: verified, out of sample and passing every criterion like {@link #goodBacktest}, but run at
     * {@code multiplier} × transaction_cost_bps.
     */
    public UUID whatIfBacktest(TestModel m, double multiplier, double configuredBps) {
        return backtests.save(m.id(), m.modelHash(), m.normStatsHash(), true, true, 1.5, 0.55, 0.05, 120, multiplier,
                configuredBps * multiplier);
    }

    public UUID backtest(TestModel m, boolean verified, boolean oos, double sharpe) {
        return backtests.save(m.id(), m.modelHash(), m.normStatsHash(), verified, oos, sharpe, 0.55, 0.05, 120);
    }

    public static JsonPath propose(String user, String modelId, String stage, UUID backtestId, String reason) {
        return GraphQL.as(user, PROPOSE, Map.of("m", modelId, "s", stage, "b", backtestId.toString(), "r", reason));
    }

    public static JsonPath vote(String user, String proposalId, String decision, Map<String, Object> checklist,
            String comment, String overrideReason) {
        return vote(user, proposalId, decision, checklist, comment, overrideReason, null);
    }

    public static JsonPath attach(String user, String proposalId, UUID backtestId) {
        return GraphQL.as(user, ATTACH, Map.of("p", proposalId, "b", backtestId.toString()));
    }

    /** A vote naming the evidence hash the voter loaded (null: none). */
    public static JsonPath vote(String user, String proposalId, String decision, Map<String, Object> checklist,
            String comment, String overrideReason, String evidenceHash) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("e", evidenceHash);
        vars.put("p", proposalId);
        vars.put("d", decision);
        vars.put("c", checklist);
        vars.put("comment", comment);
        vars.put("o", overrideReason);
        return GraphQL.as(user, VOTE, vars);
    }

    /** Registers a model (by rita) and moves it to staging through a staging proposal (by otto). */
    public TestModel staged(String prefix) {
        return staged(prefix, null);
    }

    /** As {@link #staged(String)} with the policy {@code policy} (null: a valid MLP of its own). */
    public TestModel staged(String prefix, byte[] policy) {
        TestModel m = registerOnExport(prefix, DemoUsers.RESEARCHER, policy);
        JsonPath r = propose(DemoUsers.AUTOMATION, m.id(), "staging", goodBacktest(m), REASON);
        assertNull(r.get("errors"), r::prettify);
        assertEquals("promoted", r.getString("data.proposePromotion.finalDecision"), r::prettify);
        return m;
    }

    /** Staged as above, and its entry into staging moved {@code days} into the past (as if staged then). */
    public TestModel stagedDaysAgo(String prefix, int days) {
        return stagedDaysAgo(prefix, days, null);
    }

    /** As {@link #stagedDaysAgo(String, int)} with the policy {@code policy} (null: a valid MLP of its own). */
    public TestModel stagedDaysAgo(String prefix, int days, byte[] policy) {
        TestModel m = staged(prefix, policy);
        sql("update model_stage_history set at = at - make_interval(days => ?) where model_id = ? and to_stage ="
                + " 'staging'", days, m.id());
        return m;
    }

    /**
     * A production proposal (by otto) of a model staged 8 days ago with a passing backtest (Sharpe 1.5); the current
     * production model, if any, gets a backtest on the same period with Sharpe 1.0, so the candidate beats it by
     * +50 %. Returns the proposal's id.
     */
    public String pendingProductionProposal(TestModel m) {
        ProductionContract current = QuarkusTransaction.requiringNew().call(ProductionContract::active);
        if (current != null) {
            backtest(new TestModel(current.modelId, current.modelHash, current.normStatsHash), true, true, 1.0);
        }
        JsonPath r = propose(DemoUsers.AUTOMATION, m.id(), "production", goodBacktest(m), REASON);
        assertNull(r.get("errors"), r::prettify);
        assertEquals("PENDING_APPROVAL", r.getString("data.proposePromotion.status"), r::prettify);
        return r.getString("data.proposePromotion.id");
    }

    /** A production proposal (by otto) of a model staged just now: its automatic vote fails on min_staging_days. */
    public String pendingOverrideCandidate(TestModel m) {
        JsonPath r = propose(DemoUsers.AUTOMATION, m.id(), "production", goodBacktest(m), REASON);
        assertNull(r.get("errors"), r::prettify);
        assertEquals(false, r.getBoolean("data.proposePromotion.autoPassed"), r::prettify);
        return r.getString("data.proposePromotion.id");
    }

    /**
     * Registers, stages (8 days ago) and promotes a model to production through a production proposal and a
     * reviewer's vote (see {@link #pendingProductionProposal}).
     */
    public TestModel promoted(String prefix) {
        return promoted(prefix, null);
    }

    /** As {@link #promoted(String)} with the policy {@code policy} (null: a valid MLP of its own). */
    public TestModel promoted(String prefix, byte[] policy) {
        TestModel m = stagedDaysAgo(prefix, 8, policy);
        JsonPath v = vote(DemoUsers.REVIEWER, pendingProductionProposal(m), "APPROVE", FULL_CHECKLIST, "ok", null);
        assertEquals("promoted", v.getString("data.vote.finalDecision"), v::prettify);
        return m;
    }

    /** Expires every open proposal, so later tests (and the dashboard's pending badge) start with none pending. */
    public void closeOpenProposals(PromotionService service) {
        sql("update promotion_proposals set expires_at = now() where status = 'PENDING_APPROVAL'");
        service.expireStale();
    }

    public int sql(String statement, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row as text. */
    public String text(String query, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public long count(String query, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
