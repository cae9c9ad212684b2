package co.usdcop.gate.backtest;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
        return of(inputs, report.trades(), equityCurve(report.path()), report.metrics());
    }

    /** Signature of typed parts (a fresh run, or stored rows read back into their types). */
    public static String of(BacktestInputs inputs, List<RoundTrip> trades, List<EquityPoint> equityCurve,
            BacktestMetrics metrics) {
        return of(CanonicalJson.MAPPER.valueToTree(inputs), CanonicalJson.MAPPER.valueToTree(trades),
                CanonicalJson.MAPPER.valueToTree(equityCurve), CanonicalJson.MAPPER.valueToTree(metrics));
    }

    /**
     * Signature of JSON parts. Read stored jsonb back into the typed records first (see {@link BacktestStore}):
     * PostgreSQL may rewrite a double such as {@code 1.0E7} as {@code 10000000}, which would parse as an integer.
     */
    public static String of(JsonNode inputs, JsonNode trades, JsonNode equityCurve, JsonNode metrics) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set("inputs", inputs);
        doc.set("trades", trades);
        doc.set("equityCurve", equityCurve);
        doc.set("metrics", metrics);
        return Hashes.sha256Hex(CanonicalJson.of(doc));
    }

    // ---------------------------------------------------------------- selection statistics (trials, PSR, DSR)

    /**
     * The sealed signature: the run's signature above chained with the {@link SelectionStats} fixed when the backtest
     * was stored, {@code SHA-256(CanonicalJson({backtest: <run signature>, selection: <stats>}))}. The run signature
     * stays what a re-run reproduces (the trial count depends on history, not on the run); the sealed one covers it
     * and the trial count, the trials' Sharpe variance and the PSR/DSR derived from them, which cannot change without
     * changing it. {@code selection} null (backtests stored before the statistics existed) leaves the run signature.
     */
    public static String sealed(String runSignature, SelectionStats selection) {
        if (selection == null) {
            return runSignature;
        }
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("backtest", runSignature);
        doc.set("selection", CanonicalJson.MAPPER.valueToTree(selection));
        return Hashes.sha256Hex(CanonicalJson.of(doc));
    }

    /** The equity curve as stored and signed: one point per bar, in bar order. */
    public static List<EquityPoint> equityCurve(BacktestPath path) {
        List<EquityPoint> out = new ArrayList<>(path.size());
        for (int t = 0; t < path.size(); t++) {
            out.add(new EquityPoint(path.columns().ts()[t], path.equity()[t], path.position()[t]));
        }
        return out;
    }
}
