package co.usdcop.gate.inference;

import co.usdcop.gate.backtest.BacktestAccounting;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.features.store.FeatureStoreFixtures;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.registry.PolicyCache;
import co.usdcop.gate.promotion.ProductionContract;
import co.usdcop.gate.promotion.PromotionFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * What the inference and monitoring tests share: the synthetic market slice of March 2021
 * ({@link FeatureStoreFixtures}), the bars a policy may decide on, the tick instant of a bar, the policy's expected action, the
 * active contract and the kill-switch release.
 */
@ApplicationScoped
public class InferenceFixtures {

    static final LocalDate FIRST_DAY = FeatureStoreFixtures.FIRST_DAY;
    static final Instant UNTIL = FeatureStoreFixtures.UNTIL;

    @Inject
    FeatureStoreFixtures slice;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    FeatureStore featureStore;

    @Inject
    GateConfig config;

    @Inject
    PolicyCache policies;

    @Inject
    PromotionFixtures fx;

    /** The March 2021 slice of the feature-store tests (idempotent): COL10Y published late. */
    public void ingestSlice() {
        slice.ingestMarch2021();
    }

    /** Ingests the March 2021 slice ({@link #ingestSlice}) and returns its feature rows of {@code from..to}, oldest first. */
    public List<FeatureVector> sliceBetween(Instant from, Instant to) {
        ingestSlice();
        return featureStore.featuresBetween(from, to);
    }

    /** Synthetic bars (no macro) of the days from {@code day} to {@code until}; their feature rows, oldest first. */
    public List<FeatureVector> ingestBars(LocalDate day, Instant until) {
        ingestion.ingestBars(new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(day, until).bars(), SyntheticMarketGenerator.SOURCE);
        return featureStore.featuresBetween(day.atStartOfDay().toInstant(ZoneOffset.UTC), until);
    }

    /** The slice's bars with every feature present and good quality, not the last of a session. */
    public List<FeatureVector> eligibleBars() {
        return featureStore.featuresBetween(FIRST_DAY.atStartOfDay().toInstant(ZoneOffset.UTC), UNTIL).stream()
                .filter(f -> Arrays.stream(f.values()).noneMatch(Double::isNaN))
                .filter(f -> f.dataQualityScore() >= config.featureContract().minDataQualityScore())
                .filter(f -> f.barNumber() < config.market().session().barsPerSession()).toList();
    }

    /** The tick instant at which {@code bar} is the newest closed bar: 10 s after it closed. */
    public Instant tickAt(FeatureVector bar) {
        return bar.ts().plus(Duration.ofMinutes(config.market().barMinutes())).plusSeconds(10);
    }

    /** The action the model's policy takes on {@code bar} holding {@code position}, computed as backtests do. */
    public float expectedAction(String modelId, FeatureVector bar, int position) {
        BacktestSettings s = BacktestSettings.from(config);
        return policies.withModel(modelId, m -> {
            float[] obs = new float[m.policy().inputWidth()];
            BacktestAccounting.observation(bar, m.normStats(), s, position, obs, 0);
            return m.policy().act(obs);
        });
    }

    public long activeContractId() {
        return QuarkusTransaction.requiringNew().call(ProductionContract::active).id;
    }

    /** Releases a tripped kill switch directly (tests that trip it clean up after themselves). */
    public void releaseKillSwitch() {
        fx.sql("update kill_switch set tripped = false, reason = null, tripped_by = null, tripped_at = null,"
                + " version = version + 1 where id = 1 and tripped");
    }
}
