package co.usdcop.gate.experiments;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.graphql.Description;

/** GraphQL view of an experiment contract. */
@Description("An immutable experiment contract CTR-EXP-<name>-<version>")
public record Experiment(
        @Description("CTR-EXP-<name>-<version>") String contractId,
        String name,
        String version,
        String description,
        String owner,
        @Description("SHA-256 of the exact YAML bytes") String configHash,
        @Description("SHA-256 of the canonical JSON of the reward section") String rewardConfigHash,
        @Description("Feature order the experiment was trained on (first 16 hex of SHA-256 of the names)") String featureOrderHash,
        @Description("True if featureOrderHash equals the service's feature contract; models are refused otherwise") boolean featureOrderMatchesService,
        String featureContractId,
        String featureContractVersion,
        String dateRangesVersion,
        @Description("Range of date_ranges.yaml the models are trained on") String trainRange,
        LocalDate trainStart,
        LocalDate trainEnd,
        @Description("The parsed YAML as canonical JSON") String frozenConfig,
        @Description("The YAML text exactly as registered") String yaml,
        @Description("OIDC subject of whoever registered it (system for config/experiments)") String registeredBy,
        Instant createdAt) {

    public static Experiment of(ExperimentContract c, boolean matchesService) {
        return new Experiment(c.contractId, c.name, c.version, c.description, c.owner, c.configHash,
                c.rewardConfigHash, c.featureOrderHash, matchesService, c.featureContractId, c.featureContractVersion,
                c.dateRangesVersion, c.trainRange, c.trainStart, c.trainEnd, c.frozenConfig, c.yaml, c.registeredBy,
                c.createdAt);
    }
}
