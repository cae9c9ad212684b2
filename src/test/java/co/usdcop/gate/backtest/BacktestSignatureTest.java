package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.features.FeatureVector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestSignatureTest {

    private static final List<FeatureVector> BARS = Fixtures.randomBars(21, 2_000, 13, 0.001, 0.01);

    private static BacktestReport run(BacktestEngine engine, BacktestSettings s) {
        BacktestPath p = engine.run(BARS, Fixtures.identity(13), new Fixtures.RandomMlpPolicy(21, 15, 16, 1.0, 1.0),
                s, BacktestProgress.NONE);
        return BacktestReport.of(p, s);
    }

    private static BacktestInputs inputs(BacktestSettings s) {
        return new BacktestInputs("a".repeat(64), "b".repeat(64), Fixtures.snapshot(BARS).dataSnapshotHash(), s.costModel(),
                s.thresholds(), BacktestEngine.ENGINE_VERSION, LocalDate.of(2025, 7, 1), LocalDate.of(2025, 8, 2));
    }

    @Test
    void sameInputsGiveTheSameSignatureAcrossRunsAndEngines() {
        BacktestSettings s = Fixtures.settings(2.5);
        String first = BacktestSignature.of(inputs(s), run(new FastBacktestEngine(), s));
        String again = BacktestSignature.of(inputs(s), run(new FastBacktestEngine(), s));
        String reference = BacktestSignature.of(inputs(s), run(new ReferenceBacktestEngine(), s));
        assertEquals(first, again);
        assertEquals(first, reference);
        assertTrue(first.matches("[0-9a-f]{64}"));
    }

    @Test
    void theSignatureSurvivesAJsonRoundTripOfTheStoredParts() throws Exception {
        BacktestSettings s = Fixtures.settings(2.5);
        BacktestReport r = run(new FastBacktestEngine(), s);
        BacktestInputs in = inputs(s);
        // what the service stores as jsonb and reads back as text
        JsonNode inputs = CanonicalJson.tree(CanonicalJson.MAPPER.writeValueAsString(in));
        JsonNode trades = CanonicalJson.tree(CanonicalJson.MAPPER.writeValueAsString(r.trades()));
        JsonNode curve = CanonicalJson.tree(CanonicalJson.MAPPER.writeValueAsString(
                BacktestSignature.equityCurve(r.path())));
        JsonNode metrics = CanonicalJson.tree(CanonicalJson.MAPPER.writeValueAsString(r.metrics()));
        assertEquals(BacktestSignature.of(in, r), BacktestSignature.of(inputs, trades, curve, metrics));
    }

    @Test
    void anyChangeOfInputsOrOutputsChangesTheSignature() {
        BacktestSettings s = Fixtures.settings(2.5);
        BacktestReport r = run(new FastBacktestEngine(), s);
        String base = BacktestSignature.of(inputs(s), r);

        BacktestSettings costlier = s.withCostBps(3.0);
        assertNotEquals(base, BacktestSignature.of(inputs(costlier), run(new FastBacktestEngine(), costlier)));
        BacktestInputs otherModel = new BacktestInputs("c".repeat(64), "b".repeat(64), Fixtures.snapshot(BARS).dataSnapshotHash(),
                s.costModel(), s.thresholds(), BacktestEngine.ENGINE_VERSION, LocalDate.of(2025, 7, 1),
                LocalDate.of(2025, 8, 2));
        assertNotEquals(base, BacktestSignature.of(otherModel, r));

        ArrayNode curve = CanonicalJson.MAPPER.valueToTree(BacktestSignature.equityCurve(r.path()));
        JsonNode in = CanonicalJson.MAPPER.valueToTree(inputs(s));
        JsonNode trades = CanonicalJson.MAPPER.valueToTree(r.trades());
        JsonNode metrics = CanonicalJson.MAPPER.valueToTree(r.metrics());
        assertEquals(base, BacktestSignature.of(in, trades, curve, metrics));
        ((ObjectNode) curve.get(100)).put("equity", curve.get(100).get("equity").asDouble() + 0.01);
        assertNotEquals(base, BacktestSignature.of(in, trades, curve, metrics));
    }
}
