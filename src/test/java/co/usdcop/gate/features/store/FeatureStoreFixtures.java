package co.usdcop.gate.features.store;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.MacroObservation;
import co.usdcop.gate.market.MacroInput;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The synthetic market slice of March 2021 that the feature-store and inference tests share: the bars and macro
 * series of {@link #FIRST_DAY} up to {@link #UNTIL}, with the COL10Y observation of 2021-02-01 published 30 days late
 * ({@link #LATE_PUBLICATION}), so the point-in-time rule is visible in the stored rows.
 */
@ApplicationScoped
public class FeatureStoreFixtures {

    public static final LocalDate FIRST_DAY = LocalDate.parse("2021-03-01");
    public static final Instant UNTIL = Instant.parse("2021-03-06T00:00:00Z");
    /** COL10Y of 2021-02-01, published 30 days late, in the middle of the 2021-03-03 session. */
    public static final Instant LATE_PUBLICATION = Instant.parse("2021-03-03T15:00:00Z");

    @Inject
    MarketIngestionService ingestion;

    @Inject
    GateConfig config;

    /** Loads the slice; idempotent, so whichever test runs second finds everything unchanged. */
    public void ingestMarch2021() {
        var generated = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(FIRST_DAY, UNTIL);
        List<MacroObservation> macro = generated.macro().stream().filter(o -> !o.seriesId().equals("COL10Y")).toList();
        ingestion.ingestGenerated(generated.bars(), macro, SyntheticMarketGenerator.SOURCE);
        ingestion.ingestMacro(List.of(new MacroInput("COL10Y", LocalDate.parse("2021-02-01"), 6.25, LATE_PUBLICATION)),
                "alfred");
    }
}
