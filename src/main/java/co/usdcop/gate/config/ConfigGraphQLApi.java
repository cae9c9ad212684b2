package co.usdcop.gate.config;

import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class ConfigGraphQLApi {

    @Inject
    GateConfig config;

    @Inject
    Clock clock;

    @Query("config")
    @Authenticated
    @Description("Thresholds, vote policy, feature contract and date presets. Any logged-in user.")
    public ConfigView config() {
        PromotionPolicy p = config.promotion();
        DateRanges d = config.dateRanges();
        List<DateRanges.DateRange> ranges = List.of("train", "validation", "test").stream()
                .map(id -> d.range(id, clock)).toList();
        List<DateRanges.DateRange> presets = d.presets().stream().map(pr -> d.preset(pr.id(), clock)).toList();
        return new ConfigView(List.copyOf(p.stages().values()).stream()
                .sorted(java.util.Comparator.comparing(PromotionPolicy.StagePolicy::stage)).toList(),
                p.improvementThreshold(), p.proposalExpiryDays(), p.minReasonLength(), p.checklist(),
                p.overrideRole(), p.overrideMinReasonLength(), config.featureContract(), ranges, presets,
                config.market().session(), config.market().macroSeries(), config.market().inferenceCron(),
                config.backtest(), config.monitoring(), config.market().replay());
    }
}
