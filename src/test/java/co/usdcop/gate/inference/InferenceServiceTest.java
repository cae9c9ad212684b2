package co.usdcop.gate.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.alerts.AlertKind;
import co.usdcop.gate.artifacts.Artifact;
import co.usdcop.gate.artifacts.FileSystemArtifactStore;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live inference against real PostgreSQL, the real feature store over a synthetic market slice, real ONNX policies
 * registered and promoted through the real API (promotion fixtures).
 */
@QuarkusTest
class InferenceServiceTest {

    static final String SIGNALS = """
            query($m: String, $s: Boolean) { signals(modelId: $m, shadow: $s, limit: 500) { total
              items { modelId ts signal reason shadow contractId } } }""";

    @Inject
    InferenceService inference;

    @Inject
    ContractValidation contracts;

    @Inject
    PromotionFixtures fx;

    @Inject
    InferenceFixtures inf;

    @Inject
    FeatureStore featureStore;

    @Inject
    GateConfig config;

    @Inject
    FileSystemArtifactStore files;

    /** Bars with every feature present and good quality, not the last of a session. */
    List<FeatureVector> eligible;

    @BeforeEach
    void loadSlice() {
        inf.ingestSlice();
        eligible = inf.eligibleBars();
        assertTrue(eligible.size() >= 20, "the synthetic slice should have tradeable bars, got " + eligible.size());
    }

    @AfterEach
    void releaseKillSwitch() {
        inf.releaseKillSwitch();
    }

    Signal production(TickResult r) {
        List<Signal> rows = r.written().stream().filter(s -> !s.shadow()).toList();
        assertEquals(1, rows.size(), () -> "one production row expected: " + r);
        return rows.get(0);
    }

    long rows(String modelId, Instant ts) {
        return fx.count("select count(*) from signals where model_id = ? and ts = ?", modelId,
                java.sql.Timestamp.from(ts));
    }

    @Inject
    javax.sql.DataSource dataSource;

    /** The stored row of a signal, read back with the mapping the queries use. */
    Signal stored(long id) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("select " + SignalStore.COLUMNS + " from signals where id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "signal " + id + " is not stored");
                return SignalStore.signal(rs);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void normalTickWritesOneSignalComputedLikeTheBacktestAndARepeatWritesNothing() {
        TestModel m = fx.promoted("inf-ok");
        long contract = inf.activeContractId();
        FeatureVector first = eligible.get(0);
        FeatureVector second = eligible.get(1);

        TickResult r1 = inference.tick(inf.tickAt(first));
        assertEquals(first.ts(), r1.barTs());
        Signal s1 = production(r1);
        assertEquals(m.id(), s1.modelId());
        assertEquals(SignalReason.OK, s1.reason());
        assertEquals(contract, s1.contractId());
        assertFalse(s1.shadow());
        assertNotNull(s1.rawAction());
        assertEquals(inf.expectedAction(m.id(), first, 0), s1.rawAction(), 1e-6);
        BacktestSettings settings = BacktestSettings.from(config);
        assertEquals(settings.signal(s1.rawAction().floatValue()), s1.signal());
        assertEquals(s1.signal(), s1.positionAfter());
        assertTrue(s1.latencyMicros() >= 0);
        assertEquals(first.ts(), s1.featureTs());
        assertEquals(featureStore.contractVersion(), s1.featureContractVersion());
        // what the tick returns is what it stored (the insert returns only what the database assigns)
        assertEquals(stored(s1.id()), s1);

        // the same tick again: nothing new
        TickResult again = inference.tick(inf.tickAt(first));
        assertTrue(again.written().stream().noneMatch(s -> s.modelId().equals(m.id())), again::toString);
        assertEquals(1, rows(m.id(), first.ts()));

        // the next bar observes the previous position_after
        Signal s2 = production(inference.tick(inf.tickAt(second)));
        assertEquals(inf.expectedAction(m.id(), second, s1.positionAfter()), s2.rawAction(), 1e-6);

        JsonPath q = GraphQL.as(DemoUsers.REVIEWER, SIGNALS, Map.of("m", m.id(), "s", false));
        assertEquals(2, q.getInt("data.signals.total"), q::prettify);
        assertEquals(second.ts().toString(), Instant.parse(q.getString("data.signals.items[0].ts")).toString());
    }

    @Test
    void aPolicyAnsweringNaNIsAModelErrorAndTradesNothing() {
        TestModel m = fx.promoted("inf-nan", co.usdcop.gate.models.CraftedOnnx.nanPolicy(15));
        Signal s = production(inference.tick(inf.tickAt(eligible.get(3))));
        assertEquals(m.id(), s.modelId());
        assertEquals(SignalReason.MODEL_ERROR, s.reason(), s::toString);
        assertEquals(0, s.signal());
        assertNull(s.rawAction(), "a NaN action is not stored as the policy's output");
        assertEquals(0, s.positionAfter());
    }

    @Test
    void withNoActiveContractATickSaysSoAndWritesNoProductionSignal() {
        fx.promoted("inf-none");
        long contract = inf.activeContractId();
        fx.sql("update production_contracts set is_active = false, deactivated_at = now(), deactivated_by = 'test',"
                + " deactivation_reason = 'a tick with nothing in production' where id = ?", contract);
        try {
            TickResult r = inference.tick(inf.tickAt(eligible.get(4)));
            assertEquals("NO_CONTRACT", r.outcome(), r::toString);
            assertTrue(r.written().stream().allMatch(Signal::shadow), r::toString);
        } finally {
            fx.sql("update production_contracts set is_active = true, deactivated_at = null, deactivated_by = null,"
                    + " deactivation_reason = null where id = ?", contract);
        }
    }

    @Test
    void aTickWhoseNewestBarHasNoCurrentFeatureRowComputesItFirst() {
        TestModel m = fx.promoted("inf-fresh");
        FeatureVector bar = eligible.get(16);
        // the row is gone (as if the bar had just arrived) and inputs changed before it: the tick's one read finds
        // the row not current, the store recomputes, and the second read gives the row the policy sees
        fx.sql("delete from inference_features where ts = '" + bar.ts() + "'");
        fx.sql("update feature_refresh_state set dirty_from = '" + bar.ts() + "'");
        Signal s = production(inference.tick(inf.tickAt(bar)));
        assertEquals(bar.ts(), s.featureTs());
        assertEquals(SignalReason.OK, s.reason());
        assertEquals(inf.expectedAction(m.id(), bar, 0), s.rawAction(), 1e-6);
        assertEquals(1, fx.count("select count(*) from inference_features where ts = ?", java.sql.Timestamp.from(bar.ts())));
    }

    @Test
    void tamperedArtifactKeepsThePreviousContractAndRaisesOneAlert() throws Exception {
        TestModel a = fx.promoted("inf-keep");
        long ca = inf.activeContractId();
        assertEquals(SignalReason.OK, production(inference.tick(inf.tickAt(eligible.get(2)))).reason());

        TestModel b = fx.promoted("inf-tamper");
        long cb = inf.activeContractId();
        Artifact onnx = QuarkusTransaction.requiringNew().call(() -> Artifact.findBySha(b.modelHash()));
        Path file = files.pathOf(onnx.storageKey);
        byte[] original = Files.readAllBytes(file);
        byte[] tampered = original.clone();
        tampered[tampered.length - 1] ^= 0x01;
        Files.write(file, tampered);
        try {
            FeatureVector bar = eligible.get(3);
            Signal s = production(inference.tick(inf.tickAt(bar)));
            assertEquals(a.id(), s.modelId(), "the previously validated contract stays in use");
            assertEquals(ca, s.contractId());
            assertEquals(0, rows(b.id(), bar.ts()), "the tampered model never trades");
            assertEquals(1, fx.count("select count(*) from inference_alerts where kind = ? and subject = ?",
                    AlertKind.CONTRACT_VALIDATION_FAILED.stored(), "contract:" + cb));
            // a second tick does not repeat the alert or the audit record
            inference.tick(inf.tickAt(eligible.get(4)));
            assertEquals(1, fx.count("select count(*) from inference_alerts where subject = ?", "contract:" + cb));
            assertEquals(1, fx.count("select count(*) from approval_audit_log where action ="
                    + " 'production_contract.rejected' and entity_id = ?", String.valueOf(cb)));
            JsonPath alerts = GraphQL.as(DemoUsers.REVIEWER, "{ alerts(limit: 50) { total items { kind subject"
                    + " message } } }");
            assertTrue(alerts.getList("data.alerts.items.subject").contains("contract:" + cb), alerts::prettify);
            String message = fx.count("select count(*) from inference_alerts where subject = ? and message like"
                    + " '%model_hash%' and message like ?", "contract:" + cb, "%Contract " + ca + "%") == 1 ? "ok" : "";
            assertEquals("ok", message, "the alert names the failing hash and the contract kept");

            // after a restart (nothing validated in memory) the contract the failing one replaced is used
            contracts.forget();
            FeatureVector later = eligible.get(19);
            Signal restarted = production(inference.tick(inf.tickAt(later)));
            assertEquals(a.id(), restarted.modelId());
            assertEquals(ca, restarted.contractId());
            assertEquals(SignalReason.OK, restarted.reason());
            assertEquals(0, rows(b.id(), later.ts()));
        } finally {
            Files.write(file, original);
        }
    }

    @Test
    void mismatchedFeatureOrderHashIsRefusedAndThePreviousContractTrades() {
        TestModel a = fx.promoted("inf-order-a");
        long ca = inf.activeContractId();
        production(inference.tick(inf.tickAt(eligible.get(5))));
        TestModel c = fx.promoted("inf-order-c");
        long cc = inf.activeContractId();
        fx.sql("update production_contracts set feature_order_hash = 'ffffffffffffffff' where id = ?", cc);

        FeatureVector bar = eligible.get(6);
        Signal s = production(inference.tick(inf.tickAt(bar)));
        assertEquals(a.id(), s.modelId());
        assertEquals(ca, s.contractId());
        assertEquals(0, rows(c.id(), bar.ts()));
        assertEquals(1, fx.count("select count(*) from inference_alerts where subject = ? and message like"
                + " '%feature_order_hash ffffffffffffffff%'", "contract:" + cc));
    }

    @Test
    void staleDataGivesNoTradeAndSaysWhy() {
        TestModel m = fx.promoted("inf-stale");
        // the last bar of a session: nothing newer until the next morning
        FeatureVector last = featureStore.featuresBetween(Instant.parse("2021-03-03T17:55:00Z"),
                Instant.parse("2021-03-03T17:55:00Z")).get(0);
        Instant now = last.ts().plus(Duration.ofMinutes(config.market().barMinutes()
                + config.market().maxBarAgeMinutes() + 1));
        Signal s = production(inference.tick(now));
        assertEquals(m.id(), s.modelId());
        assertEquals(last.ts(), s.ts());
        assertEquals(SignalReason.STALE_DATA, s.reason());
        assertEquals(0, s.signal());
        assertEquals(0, s.positionAfter());
        assertNull(s.rawAction(), "the policy is not run on stale data");
        // exactly at the age limit it is not stale
        assertEquals(null, inference.dataReason(last, last.ts().plus(Duration.ofMinutes(
                config.market().barMinutes() + config.market().maxBarAgeMinutes()))));
    }

    @Test
    void nanFeatureAndLowQualityFlattenWithTheirReasons() {
        TestModel m = fx.promoted("inf-nan");
        FeatureVector good = eligible.get(7);
        double[] withNan = good.values().clone();
        withNan[2] = Double.NaN;
        FeatureVector nan = new FeatureVector(good.ts(), good.tradingDate(), good.barNumber(), withNan, good.close(),
                good.macroLevels(), good.macroWasFfilled(), good.ohlcvWasInterpolated(), good.dataQualityScore());
        Signal s = production(inference.score(inf.tickAt(good), nan));
        assertEquals(SignalReason.NAN_FEATURE, s.reason());
        assertEquals(0, s.positionAfter());
        assertNull(s.rawAction());
        assertEquals(stored(s.id()), s);

        FeatureVector next = eligible.get(8);
        FeatureVector low = new FeatureVector(next.ts(), next.tradingDate(), next.barNumber(), next.values(),
                next.close(), next.macroLevels(), next.macroWasFfilled(), next.ohlcvWasInterpolated(),
                config.featureContract().minDataQualityScore() - 0.01);
        Signal l = production(inference.score(inf.tickAt(next), low));
        assertEquals(m.id(), l.modelId());
        assertEquals(SignalReason.LOW_QUALITY, l.reason());
        assertEquals(0, l.signal());
        assertEquals(stored(l.id()), l);
    }

    @Test
    void concurrentTicksOfTheSameBarWriteOneRow() throws Exception {
        TestModel m = fx.promoted("inf-race");
        FeatureVector bar = eligible.get(9);
        Instant now = inf.tickAt(bar);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<TickResult> tick = () -> {
                start.await();
                return inference.tick(now);
            };
            List<Future<TickResult>> results = new ArrayList<>();
            results.add(pool.submit(tick));
            results.add(pool.submit(tick));
            long writtenForModel = 0;
            for (Future<TickResult> f : results) {
                writtenForModel += f.get().written().stream().filter(s -> s.modelId().equals(m.id())).count();
            }
            assertEquals(1, writtenForModel);
            assertEquals(1, rows(m.id(), bar.ts()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rollbackBetweenTwoTicksIsUsedOnTheNextTick() {
        TestModel a = fx.promoted("inf-rb-a");
        long ca = inf.activeContractId();
        assertEquals(a.id(), production(inference.tick(inf.tickAt(eligible.get(10)))).modelId());
        TestModel b = fx.promoted("inf-rb-b");
        Signal sb = production(inference.tick(inf.tickAt(eligible.get(11))));
        assertEquals(b.id(), sb.modelId(), "a newly activated contract is used without restart");

        JsonPath rb = GraphQL.as(DemoUsers.ADMIN, "mutation { rollbackProduction(reason: \"live signals diverge from"
                + " the backtest\") { id modelId reactivatesContractId } }");
        assertNull(rb.get("errors"), rb::prettify);
        long restored = rb.getLong("data.rollbackProduction.id");
        assertEquals(ca, rb.getLong("data.rollbackProduction.reactivatesContractId"));

        Signal after = production(inference.tick(inf.tickAt(eligible.get(12))));
        assertEquals(a.id(), after.modelId());
        assertEquals(restored, after.contractId());
        assertEquals(SignalReason.OK, after.reason());
    }

    @Test
    void killSwitchFlattensTicksAndNeedsTwoDifferentAdminsToReset() {
        TestModel m = fx.promoted("inf-kill");
        String trip = "mutation($r: String!) { tripKillSwitch(reason: $r) { tripped reason trippedBy } }";
        String reset = "mutation($r: String!) { resetKillSwitch(reason: $r) { tripped pendingResetBy } }";

        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, trip,
                Map.of("r", "reviewers cannot stop trading"))).toUpperCase());
        JsonPath shortReason = GraphQL.as(DemoUsers.ADMIN, trip, Map.of("r", "halt"));
        assertEquals("VALIDATION", GraphQL.errorCode(shortReason), shortReason::prettify);

        JsonPath t = GraphQL.as(DemoUsers.ADMIN, trip, Map.of("r", "broker outage, stop all trading"));
        assertNull(t.get("errors"), t::prettify);
        assertTrue(t.getBoolean("data.tripKillSwitch.tripped"));

        FeatureVector bar = eligible.get(13);
        Signal s = production(inference.tick(inf.tickAt(bar)));
        assertEquals(m.id(), s.modelId());
        assertEquals(SignalReason.KILL_SWITCH, s.reason());
        assertEquals(0, s.signal());
        assertNull(s.rawAction());

        JsonPath first = GraphQL.as(DemoUsers.ADMIN, reset, Map.of("r", "broker is back, checked fills"));
        assertNull(first.get("errors"), first::prettify);
        assertTrue(first.getBoolean("data.resetKillSwitch.tripped"), "one admin is not enough");
        JsonPath same = GraphQL.as(DemoUsers.ADMIN, reset, Map.of("r", "broker is back, checked fills"));
        assertEquals("CONFLICT", GraphQL.errorCode(same), same::prettify);
        assertTrue(GraphQL.errorMessage(same).contains("different admin"), same::prettify);
        JsonPath state = GraphQL.as(DemoUsers.REVIEWER, "{ killSwitch { tripped reason pendingResetBy } }");
        assertTrue(state.getBoolean("data.killSwitch.tripped"));
        assertNotNull(state.getString("data.killSwitch.pendingResetBy"));

        JsonPath second = GraphQL.as(DemoUsers.ADMIN_2, reset, Map.of("r", "confirmed with the desk, resume"));
        assertNull(second.get("errors"), second::prettify);
        assertFalse(second.getBoolean("data.resetKillSwitch.tripped"));
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action = 'kill_switch.reset'"
                + " and seq = (select max(seq) from approval_audit_log where action like 'kill_switch.%')"));

        assertEquals(SignalReason.OK, production(inference.tick(inf.tickAt(eligible.get(14)))).reason());
    }

    @Test
    void stagingModelsAreScoredInShadowAndNeverAsProductionSignals() {
        TestModel prod = fx.promoted("inf-shadow-p");
        TestModel staged = fx.staged("inf-shadow-s");
        FeatureVector bar = eligible.get(15);
        TickResult r = inference.tick(inf.tickAt(bar));
        Signal p = production(r);
        assertEquals(prod.id(), p.modelId());
        List<Signal> shadow = r.written().stream().filter(s -> s.modelId().equals(staged.id())).toList();
        assertEquals(1, shadow.size(), r::toString);
        assertTrue(shadow.get(0).shadow());
        assertNull(shadow.get(0).contractId());
        assertEquals(bar.ts(), shadow.get(0).ts());
        assertEquals(inf.expectedAction(staged.id(), bar, 0), shadow.get(0).rawAction(), 1e-6);
        assertEquals(stored(shadow.get(0).id()), shadow.get(0));
        assertEquals(stored(p.id()), p);

        JsonPath productionRows = GraphQL.as(DemoUsers.REVIEWER, SIGNALS, Map.of("m", staged.id(), "s", false));
        assertEquals(0, productionRows.getInt("data.signals.total"), productionRows::prettify);
        JsonPath shadowRows = GraphQL.as(DemoUsers.REVIEWER, SIGNALS, Map.of("m", staged.id(), "s", true));
        assertEquals(1, shadowRows.getInt("data.signals.total"));
        assertEquals(0, fx.count("select count(*) from signals where not shadow and model_id in"
                + " (select model_id from model_registry where stage = 'staging')"));
    }

    @Test
    void signalsPageByModelTimeRangeAndOffset() {
        TestModel m = fx.promoted("inf-page");
        for (int i = 16; i < 19; i++) {
            production(inference.tick(inf.tickAt(eligible.get(i))));
        }
        String q = """
                query($m: String, $from: DateTime, $to: DateTime, $l: Int, $o: Int) {
                  signals(modelId: $m, from: $from, to: $to, limit: $l, offset: $o) { total offset limit items { ts } } }""";
        JsonPath page = GraphQL.as(DemoUsers.AUTOMATION, q, Map.of("m", m.id(), "l", 1, "o", 1));
        assertEquals(3, page.getInt("data.signals.total"), page::prettify);
        assertEquals(1, page.getList("data.signals.items").size());
        assertEquals(eligible.get(17).ts(), Instant.parse(page.getString("data.signals.items[0].ts")));
        JsonPath range = GraphQL.as(DemoUsers.AUTOMATION, q, Map.of("m", m.id(),
                "from", eligible.get(17).ts().toString(), "to", eligible.get(18).ts().toString()));
        assertEquals(2, range.getInt("data.signals.total"), range::prettify);
        JsonPath bad = GraphQL.as(DemoUsers.AUTOMATION, q, Map.of("m", m.id(), "l", 0));
        assertEquals("VALIDATION", GraphQL.errorCode(bad), bad::prettify);
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.NO_ROLE, q, Map.of())).toUpperCase());
    }
}
