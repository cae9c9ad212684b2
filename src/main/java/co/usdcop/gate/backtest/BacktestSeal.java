package co.usdcop.gate.backtest;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record signature of a completed backtest: {@code SHA-256(CanonicalJson({id, signature, modelId, modelHash,
 * normStatsHash, dataSnapshotHash, engineVersion, periodStart, periodEnd, periodType, trainStart, trainEnd,
 * outOfSample, initialCapital, barCount, tradeCount, dailyReturns, runSource, verified, differences, submissionHash,
 * status, createdBy[, costMultiplier]}))}, lower-case hex. {@code costMultiplier} (V111) is in the document only when
 * it is not 1: a row at the cost in force seals exactly as before the column existed, so rows sealed earlier stay
 * verifiable, and changing the multiplier of any row (1 → 2 or 2 → 1) changes its record signature. {@code signature} is the content signature ({@link BacktestSignature}:
 * inputs, trades, equity curve, metrics), so together they cover every column a promotion decision reads; two rows
 * never share a record signature (the id and model id are in it). JSON columns are taken as PostgreSQL returns them
 * (jsonb's normal form), so sealing at completion and re-checking later read the same text.
 */
public final class BacktestSeal {

    private BacktestSeal() {
    }

    static String of(BacktestResultEntity e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", e.id.toString());
        doc.put("signature", e.signature);
        doc.put("modelId", e.modelId);
        doc.put("modelHash", e.modelHash);
        doc.put("normStatsHash", e.normStatsHash);
        doc.put("dataSnapshotHash", e.dataSnapshotHash);
        doc.put("engineVersion", e.engineVersion);
        doc.put("periodStart", String.valueOf(e.periodStart));
        doc.put("periodEnd", String.valueOf(e.periodEnd));
        doc.put("periodType", e.periodType);
        doc.put("trainStart", e.trainStart == null ? null : e.trainStart.toString());
        doc.put("trainEnd", e.trainEnd == null ? null : e.trainEnd.toString());
        doc.put("outOfSample", e.outOfSample);
        doc.put("initialCapital", e.initialCapital);
        doc.put("barCount", e.barCount);
        doc.put("tradeCount", e.tradeCount);
        doc.put("dailyReturns", tree(e.dailyReturns));
        doc.put("runSource", e.runSource);
        doc.put("verified", e.verified);
        doc.put("differences", tree(e.differences));
        doc.put("submissionHash", e.submissionHash);
        doc.put("status", e.status.key());
        doc.put("createdBy", e.createdBy);
        if (e.costMultiplier != 1.0) {
            doc.put("costMultiplier", e.costMultiplier);
        }
        return Hashes.sha256Hex(CanonicalJson.of(doc));
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored backtest JSON is not readable", ex);
        }
    }
}
