package co.usdcop.gate.market;

import co.usdcop.gate.config.GateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Ingests the synthetic market (bars and macro observations, {@link SyntheticMarketGenerator#DEFAULT_SEED}) through
 * the ingestion service, as the tests that run backtests on it need it.
 */
@ApplicationScoped
public class SyntheticMarkets {

    /** First trading date of the synthetic July 2025 most end-to-end backtest tests run on. */
    public static final LocalDate JULY_2025 = LocalDate.of(2025, 7, 1);
    /** Its end (exclusive): bars up to 11 July 2025. */
    public static final Instant JULY_2025_UNTIL = Instant.parse("2025-07-12T00:00:00Z");

    @Inject
    GateConfig config;

    @Inject
    MarketIngestionService ingestion;

    /** Bars and macro observations of 1..11 July 2025. */
    public void july2025() {
        ingest(JULY_2025, JULY_2025_UNTIL);
    }

    /** Bars and macro observations from trading date {@code from} up to {@code until} (exclusive). */
    public void ingest(LocalDate from, Instant until) {
        var generated = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(from, until);
        ingestion.ingestGenerated(generated.bars(), generated.macro(), SyntheticMarketGenerator.SOURCE);
    }
}
