package co.usdcop.gate.config;

import co.usdcop.gate.common.Hashes;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/**
 * CTR-FEATURE-001 from {@code config/feature_contract.yaml}: the ordered 15-feature observation.
 * Invariant: {@code features} holds the market features first, then {@code position} and {@code time_normalized}.
 */
@Description("The canonical observation every policy is trained and served on")
public record FeatureContract(
        @Description("Contract id, e.g. CTR-FEATURE-001") String contractId,
        @Description("Contract version") String version,
        @Description("Observation width (market + state features)") int observationDim,
        @Description("First 16 hex chars of SHA-256 of the feature names joined by ','") String featureOrderHash,
        @Description("Features in observation order") List<FeatureDefinition> features,
        @Description("How market features are normalised with a model's norm stats") String normalization,
        @Description("Clip applied after normalisation, in standard deviations") double normalizationClip,
        @Description("Bars with a lower data quality score are not traded") double minDataQualityScore) {

    @Description("One feature of the observation")
    public record FeatureDefinition(
            @Description("Name as in norm_stats.json and the dataset columns") String name,
            @Description("market or state") String kind,
            @Description("Exact formula") String formula,
            @Description("Look-back window in bars or observations") Integer window,
            @Description("Units") String units,
            @Description("Bars before the value is defined") int warmupBars,
            @Description("Behaviour across the overnight gap") String overnight,
            @Description("Behaviour at missing data") String missing,
            @Description("Macro series the feature reads, if any") String source) {
    }

    /** Names of the market features (those a model's norm stats must cover), in order. */
    public List<String> marketFeatureNames() {
        return features.stream().filter(f -> "market".equals(f.kind())).map(FeatureDefinition::name).toList();
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureDefinition::name).toList();
    }

    /** The seeds' rule: SHA-256 of the names joined by ",", first {@code length} hex characters. */
    public static String orderHash(List<String> names, int length) {
        return Hashes.sha256Hex(String.join(",", names)).substring(0, length);
    }
}
