package co.usdcop.gate.backtest;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The signature of a backtest: {@code SHA-256(CanonicalJson({inputs, trades, equityCurve, metrics}))}, lower-case
 * hex. Canonical JSON sorts keys and writes doubles in Java's shortest round-trip form, so the same content gives
 * the same signature whether it comes from a fresh run or from the stored jsonb columns (see
 * {@link #of(JsonNode, JsonNode, JsonNode, JsonNode)}); changing any trade, equity point, metric or input changes
 * it.
 */
public final class BacktestSignature {

    private BacktestSignature() {
    }

    /** Signature of a fresh run. */
    public static String of(BacktestInputs inputs, BacktestReport report) {
        return of(CanonicalJson.MAPPER.valueToTree(inputs), CanonicalJson.MAPPER.valueToTree(report.trades()),
                equityCurve(report.path()), CanonicalJson.MAPPER.valueToTree(report.metrics()));
    }

    /** Signature of stored or submitted JSON parts. */
    public static String of(JsonNode inputs, JsonNode trades, JsonNode equityCurve, JsonNode metrics) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set("inputs", inputs);
        doc.set("trades", trades);
        doc.set("equityCurve", equityCurve);
        doc.set("metrics", metrics);
        return Hashes.sha256Hex(CanonicalJson.of(doc));
    }

    /**
     * The equity curve as stored and signed: one {@code {ts, equity, position}} object per bar (position decided at
     * the bar's close), in bar order.
     */
    public static ArrayNode equityCurve(BacktestPath path) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(path.size());
        List<co.usdcop.gate.features.FeatureVector> bars = path.bars();
        for (int t = 0; t < path.size(); t++) {
            ObjectNode point = out.addObject();
            point.put("ts", bars.get(t).ts().toString());
            point.put("equity", path.equity()[t]);
            point.put("position", path.position()[t]);
        }
        return out;
    }
}
