package co.usdcop.gate.promotion;

import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.robustness.RobustnessReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of the automatic vote: the criteria, the comparison with the production contract active then (null when
 * none was), the recommendation, and the hash a reviewer's vote may name to say "this is what I looked at".
 *
 * <p>hash = SHA-256 of the canonical JSON of {backtestId, backtestSignature, productionContractId, criteria,
 * vsBaseline}, the criteria including those of the robustness evaluation ({@code robustness}, null when it is
 * off): any change of the candidate's backtest, of the production contract, of a threshold, of a criterion's
 * value or verdict, or of the comparison changes it.
 */
record Evaluation(UUID backtestId, String backtestSignature, Long productionContractId, List<CriterionResult> criteria,
        VsBaseline vsBaseline, PromotionRules.Recommendation recommendation, boolean passed, String hash,
        RobustnessReport robustness) {

    static Evaluation of(UUID backtestId, String backtestSignature, Long productionContractId,
            List<CriterionResult> criteria, VsBaseline vs, RobustnessReport robustness) {
        PromotionRules.Recommendation rec = PromotionRules.recommend(criteria, vs);
        boolean passed = criteria.stream().allMatch(CriterionResult::passed);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("backtestId", backtestId.toString());
        evidence.put("backtestSignature", backtestSignature);
        evidence.put("productionContractId", productionContractId);
        evidence.put("criteria", criteria);
        evidence.put("vsBaseline", vs);
        return new Evaluation(backtestId, backtestSignature, productionContractId, criteria, vs, rec, passed,
                Hashes.sha256Hex(CanonicalJson.of(evidence)), robustness);
    }

    /** What a vote stores as the evidence it was cast on. */
    String json() {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("evidenceHash", hash);
        evidence.put("backtestId", backtestId.toString());
        evidence.put("productionContractId", productionContractId);
        evidence.put("autoPassed", passed);
        evidence.put("recommendation", recommendation.recommendation());
        evidence.put("criteria", criteria);
        evidence.put("vsBaseline", vsBaseline);
        return CanonicalJson.of(evidence);
    }

    /** Stores this evaluation as the proposal's current evidence. */
    void applyTo(PromotionProposal p, java.time.Instant at) {
        p.backtestId = backtestId;
        p.baselineModelId = vsBaseline == null ? null : vsBaseline.baselineModelId();
        p.baselineBacktestId = vsBaseline == null ? null : vsBaseline.baselineBacktestId();
        p.vsBaseline = vsBaseline == null ? null : CanonicalJson.of(vsBaseline);
        p.criteriaResults = CanonicalJson.of(criteria);
        p.criteriaSource = criteria.get(0).source();
        p.autoPassed = passed;
        p.recommendation = recommendation.recommendation();
        p.confidence = recommendation.confidence();
        p.recommendationReason = recommendation.reason();
        p.evidenceHash = hash;
        p.evaluatedContractId = productionContractId;
        p.evaluatedAt = at;
    }
}
