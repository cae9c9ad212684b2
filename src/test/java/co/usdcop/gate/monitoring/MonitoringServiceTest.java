package co.usdcop.gate.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.Bar;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.inference.InferenceFixtures;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift, the paper ledger and the live risk guard against real PostgreSQL and the real feature store. The slices
 * lie in the training range (the reference of every model of the baseline experiment) and in the validation range,
 * which no other test loads; they carry no macro data, so only price features are judged.
 */
@QuarkusTest
class MonitoringServiceTest {

    /** 10 trading days inside the baseline experiment's training range (2023-01-02 .. 2024-12-31). */
    static final LocalDate REFERENCE_FROM = LocalDate.parse("2024-12-02");
    static final Instant REFERENCE_UNTIL = Instant.parse("2024-12-14T00:00:00Z");
    /** 5 trading days drawn like the reference: no drift expected. */
    static final LocalDate CONTROL_FROM = LocalDate.parse("2025-02-17");
    static final Instant CONTROL_UNTIL = Instant.parse("2025-02-22T00:00:00Z");
    /** 5 trading days with a deliberate upward trend of +0.2 % per bar: log_ret_5m shifts by 0.002. */
    static final LocalDate SHIFTED_FROM = LocalDate.parse("2025-03-03");
    static final Instant SHIFTED_UNTIL = Instant.parse("2025-03-08T00:00:00Z");
    static final double SHIFT_PER_BAR = 0.002;
    /** 2 trading days with a 7 % gap down at bar 70: the live drawdown case. */
    static final LocalDate CRASH_FROM = LocalDate.parse("2025-04-07");
    static final Instant CRASH_UNTIL = Instant.parse("2025-04-09T00:00:00Z");
    static final int CRASH_BAR = 70;

    static final String DRIFT = """
            query($m: String!, $w: Int, $a: DateTime) { driftReport(modelId: $m, windowDays: $w, asOf: $a) {
              modelId windowDays windowRows referenceRows referenceFrom referenceTo level maxPsi maxKs
              windowOverlapsTraining features { feature psi ks level referenceMean windowMean windowRows } } }""";
    static final String PAPER = """
            query($m: String, $s: Boolean, $f: DateTime, $t: DateTime) {
              paperPerformance(modelId: $m, shadow: $s, from: $f, to: $t) { modelId shadow bars signals
                barsWithoutSignal openPosition currentDrawdown drawdownLimit backtestId
                metrics { finalEquity totalReturn numberOfTrades maxDrawdown barsEvaluated }
                equityCurve { ts equity position } } }""";

    static final String LINEAGE = "query($id: String!) { lineage(modelId: $id) { nodes { kind id label }"
            + " edges { from to relation } } }";

    @Inject
    MarketIngestionService ingestion;

    @Inject
    FeatureStore featureStore;

    @Inject
    GateConfig config;

    @Inject
    PromotionFixtures fx;

    @Inject
    InferenceFixtures inf;

    @Inject
    LiveRiskGuard riskGuard;

    @Inject
    MonitoringService monitoring;

    @BeforeEach
    void loadSlices() {
        load(REFERENCE_FROM, REFERENCE_UNTIL, k -> 1.0);
        load(CONTROL_FROM, CONTROL_UNTIL, k -> 1.0);
        load(SHIFTED_FROM, SHIFTED_UNTIL, k -> Math.exp(k * SHIFT_PER_BAR));
        load(CRASH_FROM, CRASH_UNTIL, k -> k >= CRASH_BAR ? 0.93 : 1.0);
    }

    @AfterEach
    void releaseKillSwitch() {
        inf.releaseKillSwitch();
    }

    /** Synthetic bars of the days, every price of bar k multiplied by factor(k); idempotent. */
    void load(LocalDate from, Instant until, IntToDoubleFunction factor) {
        List<Bar> generated = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(from, until).bars();
        List<Bar> bars = new ArrayList<>(generated.size());
        for (int k = 0; k < generated.size(); k++) {
            Bar b = generated.get(k);
            double f = factor.applyAsDouble(k);
            bars.add(new Bar(b.ts(), b.open() * f, b.high() * f, b.low() * f, b.close() * f, b.volume()));
        }
        ingestion.ingestBars(bars, SyntheticMarketGenerator.SOURCE);
    }

    static Instant start(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Map<String, Object> feature(JsonPath r, String name) {
        return r.getMap("data.driftReport.features.find { it.feature == '" + name + "' }");
    }

    @Test
    void aDeliberatelyShiftedFeatureAlertsAndAWindowDrawnLikeTheTrainingRangeDoesNot() {
        TestModel m = fx.register("drift", DemoUsers.RESEARCHER);

        JsonPath shifted = GraphQL.as(DemoUsers.REVIEWER, DRIFT, Map.of("m", m.id(), "w", 5,
                "a", SHIFTED_UNTIL.toString()));
        assertNull(shifted.get("errors"), shifted::prettify);
        assertEquals(300, shifted.getInt("data.driftReport.windowRows"), shifted::prettify);
        assertTrue(shifted.getInt("data.driftReport.referenceRows") >= 600, shifted::prettify);
        assertEquals("2023-01-02", shifted.getString("data.driftReport.referenceFrom"));
        assertFalse(shifted.getBoolean("data.driftReport.windowOverlapsTraining"));
        assertEquals("ALERT", shifted.getString("data.driftReport.level"), shifted::prettify);
        Map<String, Object> ret = feature(shifted, "log_ret_5m");
        assertEquals("ALERT", ret.get("level"), shifted::prettify);
        assertTrue(((Number) ret.get("psi")).doubleValue() >= config.monitoring().psiAlert(), shifted::prettify);
        assertTrue(((Number) ret.get("ks")).doubleValue() >= config.monitoring().ksAlert(), shifted::prettify);
        double meanShift = ((Number) ret.get("windowMean")).doubleValue()
                - ((Number) ret.get("referenceMean")).doubleValue();
        assertEquals(SHIFT_PER_BAR, meanShift, SHIFT_PER_BAR * 0.25, "the window mean moved by the trend");
        // these slices bring no macro data (other tests' may cover some dates): a macro feature with fewer window rows
        // than min_window_rows is not judged
        var vix = feature(shifted, "vix_z");
        if (((Number) vix.get("windowRows")).intValue() < config.monitoring().minWindowRows()) {
            assertEquals("INSUFFICIENT_DATA", vix.get("level"), shifted::prettify);
        }

        JsonPath control = GraphQL.as(DemoUsers.REVIEWER, DRIFT, Map.of("m", m.id(), "w", 5,
                "a", CONTROL_UNTIL.toString()));
        assertNull(control.get("errors"), control::prettify);
        Map<String, Object> calm = feature(control, "log_ret_5m");
        assertEquals("OK", calm.get("level"), control::prettify);
        assertTrue(((Number) calm.get("psi")).doubleValue() < config.monitoring().psiWarn(), control::prettify);
    }

    @Test
    void badDriftRequestsAreRefusedWithTheirCodes() {
        TestModel m = fx.register("drift-bad", DemoUsers.RESEARCHER);
        assertEquals("NOT_FOUND", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, DRIFT,
                Map.of("m", "no-such-model", "w", 5))));
        JsonPath zero = GraphQL.as(DemoUsers.REVIEWER, DRIFT, Map.of("m", m.id(), "w", 0));
        assertEquals("VALIDATION", GraphQL.errorCode(zero), zero::prettify);
        assertTrue(GraphQL.errorMessage(zero).contains("windowDays"), zero::prettify);
        JsonPath guest = GraphQL.as(DemoUsers.NO_ROLE, DRIFT, Map.of("m", m.id(), "w", 5));
        assertEquals("FORBIDDEN", GraphQL.errorCode(guest).toUpperCase(), guest::prettify);
        JsonPath run = GraphQL.as(DemoUsers.RESEARCHER, "mutation { runMonitoring { alertsRaised } }");
        assertEquals("FORBIDDEN", GraphQL.errorCode(run).toUpperCase(), run::prettify);
    }

    @Test
    void paperLedgerBooksRecordedSignalsWithTheBacktestAccountingByHand() {
        TestModel m = fx.staged("paper");
        List<FeatureVector> bars = featureStore.featuresBetween(start(CONTROL_FROM), CONTROL_UNTIL);
        FeatureVector b0 = bars.get(10);
        FeatureVector b1 = bars.get(11);
        FeatureVector b2 = bars.get(12);
        FeatureVector b3 = bars.get(13);
        // long at b0 and b1, no signal at b2 (a missed tick: still long), flat at b3
        shadowSignal(m.id(), b0, 1);
        shadowSignal(m.id(), b1, 1);
        shadowSignal(m.id(), b3, 0);

        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, PAPER, Map.of("m", m.id(), "s", true, "t", b3.ts().toString()))
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertNull(r.get("errors"), r::prettify);
        assertEquals(4, r.getInt("data.paperPerformance.bars"), r::prettify);
        assertEquals(3, r.getInt("data.paperPerformance.signals"));
        assertEquals(1, r.getInt("data.paperPerformance.barsWithoutSignal"));
        assertEquals(0, r.getInt("data.paperPerformance.openPosition"));
        assertNull(r.get("data.paperPerformance.drawdownLimit"), "limits apply to production only");

        // by hand: c = 2.5 bps; E0 = 10000 (1 - c); E1 = E0 (1 + r1); E2 = E1 (1 + r2); E3 = E2 (1 + r3 - c)
        double c = config.backtest().transactionCostBps() / 10_000;
        double e0 = config.backtest().initialCapital() * (1 - c);
        double e1 = e0 * (1 + (b1.close() / b0.close() - 1));
        double e2 = e1 * (1 + (b2.close() / b1.close() - 1));
        double e3 = e2 * (1 + (b3.close() / b2.close() - 1) - c);
        assertEquals(e3, r.getDouble("data.paperPerformance.metrics.finalEquity"), 1e-9);
        assertEquals(1, r.getInt("data.paperPerformance.metrics.numberOfTrades"));
        assertEquals(3, r.getInt("data.paperPerformance.metrics.barsEvaluated"), "the three recorded decisions");
        assertEquals(e1, r.getDouble("data.paperPerformance.equityCurve[1].equity"), 1e-9);
        assertEquals(1, r.getInt("data.paperPerformance.equityCurve[2].position"), "held through the missed tick");

        // the lineage summarises the signals: 3 shadow rows, latest bar b3, hanging off the model
        JsonPath lineage = GraphQL.as(DemoUsers.REVIEWER, LINEAGE, Map.of("id", m.id()));
        String label = lineage.getString("data.lineage.nodes.find { it.kind == 'signals' }.label");
        assertEquals("3 shadow signal(s), latest bar " + b3.ts() + " signal 0", label, lineage::prettify);
        assertEquals("scored_in_shadow", lineage.getString("data.lineage.edges.find { it.to.startsWith('signals:') }"
                + ".relation"));

        JsonPath inverted = GraphQL.as(DemoUsers.REVIEWER, PAPER, Map.of("m", m.id(), "s", true,
                "f", b3.ts().toString(), "t", b0.ts().toString()));
        assertEquals("VALIDATION", GraphQL.errorCode(inverted), inverted::prettify);
    }

    @Test
    void liveDrawdownTripsTheKillSwitchAndAResetStartsAFreshMeasurement() {
        TestModel m = fx.promoted("risk");
        long contract = inf.activeContractId();

        List<FeatureVector> bars = featureStore.featuresBetween(start(CRASH_FROM), CRASH_UNTIL);
        // long from bar 60 through the 7 % gap down at bar 70
        for (int t = 60; t <= CRASH_BAR + 2; t++) {
            productionSignal(m.id(), bars.get(t), 1, contract);
        }
        LiveRiskGuard.Check check = riskGuard.check();
        assertTrue(check.tripped(), check::toString);
        assertTrue(check.drawdown() >= config.monitoring().liveMaxDrawdown(), check::toString);
        JsonPath state = GraphQL.as(DemoUsers.REVIEWER, "{ killSwitch { tripped reason trippedBy } }");
        assertTrue(state.getBoolean("data.killSwitch.tripped"));
        assertEquals(LiveRiskGuard.ACTOR, state.getString("data.killSwitch.trippedBy"));
        assertTrue(state.getString("data.killSwitch.reason").contains(m.id()), state::prettify);
        assertEquals(1, fx.count("select count(*) from inference_alerts where kind = 'LIVE_DRAWDOWN'"
                + " and details->>'contractId' = ?", String.valueOf(contract)));
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action = 'kill_switch.tripped'"
                + " and seq = (select max(seq) from approval_audit_log where action like 'kill_switch.%')"));

        JsonPath paper = GraphQL.as(DemoUsers.REVIEWER, PAPER, Map.of("t", bars.get(CRASH_BAR + 2).ts().toString()));
        assertNull(paper.get("errors"), paper::prettify);
        assertEquals(m.id(), paper.getString("data.paperPerformance.modelId"), "default: the production model");
        assertEquals(config.monitoring().liveMaxDrawdown(), paper.getDouble("data.paperPerformance.drawdownLimit"));
        assertNotNull(paper.getString("data.paperPerformance.backtestId"), "compared with the proposal's backtest");
        assertTrue(paper.getDouble("data.paperPerformance.metrics.maxDrawdown") >= 0.05, paper::prettify);

        JsonPath lineage = GraphQL.as(DemoUsers.REVIEWER, LINEAGE, Map.of("id", m.id()));
        assertTrue(lineage.getString("data.lineage.nodes.find { it.kind == 'signals' }.label")
                .startsWith("13 production signal(s) under contract " + contract), lineage::prettify);
        assertEquals("production_contract:" + contract,
                lineage.getString("data.lineage.edges.find { it.to.startsWith('signals:') }.from"), lineage::prettify);

        // two admins reset it: the drawdown that caused the trip does not trip it again
        String reset = "mutation($r: String!) { resetKillSwitch(reason: $r) { tripped } }";
        assertNull(GraphQL.as(DemoUsers.ADMIN, reset, Map.of("r", "desk checked the gap, resume")).get("errors"));
        assertFalse(GraphQL.as(DemoUsers.ADMIN_2, reset, Map.of("r", "confirmed, positions flat"))
                .getBoolean("data.resetKillSwitch.tripped"));
        LiveRiskGuard.Check after = riskGuard.check();
        assertFalse(after.tripped(), after::toString);
        assertEquals(0.0, after.drawdown(), 0.0);
    }

    @Test
    void theMonitoringRunStoresReportsAndRaisesOneAuditedAlertPerModelAndDay() {
        TestModel m = fx.staged("monitored");
        MonitoringRun first = monitoring.run(SHIFTED_UNTIL, "test");
        DriftReport report = first.reports().stream().filter(r -> r.modelId().equals(m.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no report for the staging model: " + first));
        assertNotNull(report.id());
        assertEquals(DriftLevel.ALERT, report.level());
        String subject = "model:" + m.id() + ":" + LocalDate.ofInstant(SHIFTED_UNTIL, ZoneOffset.UTC);
        assertEquals(1, fx.count("select count(*) from inference_alerts where kind = 'DRIFT' and subject = ?",
                subject));
        assertEquals(1, fx.count("select count(*) from approval_audit_log where action = 'monitoring_alert.raised'"
                + " and entity_id = ?", "DRIFT:" + subject));

        monitoring.run(SHIFTED_UNTIL, "test");
        assertEquals(1, fx.count("select count(*) from inference_alerts where kind = 'DRIFT' and subject = ?",
                subject), "one alert per model and day");
        assertEquals(1, fx.count("select count(*) from drift_reports where model_id = ?", m.id()));

        JsonPath stored = GraphQL.as(DemoUsers.REVIEWER, """
                query($m: String!) { driftReports(modelId: $m) { total items { id level windowRows
                  features { feature psi level } } } }""", Map.of("m", m.id()));
        assertEquals(1, stored.getInt("data.driftReports.total"), stored::prettify);
        assertEquals("ALERT", stored.getString("data.driftReports.items[0].level"));
        assertEquals(config.featureContract().marketFeatureNames().size(),
                stored.getList("data.driftReports.items[0].features").size());
        JsonPath alerts = GraphQL.as(DemoUsers.REVIEWER, "{ alerts(limit: 500) { items { kind subject severity } } }");
        assertEquals("CRITICAL", alerts.getString("data.alerts.items.find { it.subject == '" + subject
                + "' }.severity"), alerts::prettify);
        // stored reports are evidence
        assertTrue(fx.count("select count(*) from drift_reports") > 0);
        try {
            fx.sql("update drift_reports set level = 'OK' where model_id = ?", m.id());
            throw new AssertionError("a stored drift report was edited");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("immutable"), expected.getMessage());
        }
    }

    void shadowSignal(String modelId, FeatureVector bar, int position) {
        fx.sql("insert into signals (model_id, ts, raw_action, signal, position_after, reason, latency_micros,"
                + " feature_ts, feature_contract_version, shadow) values (?, ?, ?, ?, ?, 'OK', 100, ?, ?, true)",
                modelId, Timestamp.from(bar.ts()), position * 0.9, position, position, Timestamp.from(bar.ts()),
                featureStore.contractVersion());
    }

    void productionSignal(String modelId, FeatureVector bar, int position, long contractId) {
        fx.sql("insert into signals (model_id, ts, raw_action, signal, position_after, reason, latency_micros,"
                + " contract_id, feature_ts, feature_contract_version, shadow)"
                + " values (?, ?, ?, ?, ?, 'OK', 100, ?, ?, ?, false)",
                modelId, Timestamp.from(bar.ts()), position * 0.9, position, position, contractId,
                Timestamp.from(bar.ts()), featureStore.contractVersion());
    }
}
