package co.usdcop.gate.models.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.backtest.BacktestPath;
import co.usdcop.gate.backtest.BacktestProgress;
import co.usdcop.gate.backtest.BacktestReport;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.backtest.FastBacktestEngine;
import co.usdcop.gate.backtest.RoundTrip;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.MlpPolicy;
import co.usdcop.gate.models.MlpWeights;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.registry.NormStatsParser;
import co.usdcop.gate.models.registry.RegistryFixtures;
import co.usdcop.gate.promotion.CriterionResult;
import co.usdcop.gate.promotion.PromotionRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPoliciesTest {

    private static float[] obs(float z5m, float z1h, float z4h) {
        float[] x = new float[15];
        x[0] = z5m;
        x[1] = z1h;
        x[2] = z4h;
        x[3] = 1.2f; // other features must not matter
        x[13] = -1f;
        x[14] = 0.5f;
        return x;
    }

    @Test
    void momentumGoesLongAfterRisingReturnsAndMeanReversionTheOpposite() {
        byte[] m = OnnxMlpWriter.write(DemoPolicies.momentum());
        byte[] r = OnnxMlpWriter.write(DemoPolicies.meanReversion());
        try (OnnxPolicy momentum = OnnxPolicy.load(m, Hashes.sha256Hex(m), 15);
                OnnxPolicy meanrev = OnnxPolicy.load(r, Hashes.sha256Hex(r), 15);
                MlpPolicy reference = new MlpPolicy(DemoPolicies.momentum())) {
            float up = momentum.act(obs(1f, 1.5f, 0.5f));
            float down = momentum.act(obs(-1f, -1.5f, -0.5f));
            // s = 0.5 + 1.5 + 0.25 = 2.25 -> 1.5 * tanh(2 * tanh(2.25)) = 1.5 * 0.9623 = 1.443 -> clipped to 1
            assertEquals(1f, up, 1e-6);
            assertEquals(-1f, down, 1e-6);
            // a weak signal stays inside the band: s = 0.1 -> 1.5 * tanh(2 * tanh(0.1)) = 0.2937
            assertEquals(1.5 * Math.tanh(2 * Math.tanh(0.1)), momentum.act(obs(0f, 0.1f, 0f)), 1e-5);
            assertEquals(-momentum.act(obs(0.3f, -0.1f, 0.2f)), meanrev.act(obs(0.3f, -0.1f, 0.2f)), 1e-6);
            assertEquals(reference.act(obs(0.3f, -0.1f, 0.2f)), momentum.act(obs(0.3f, -0.1f, 0.2f)), 1e-5);
        }
    }

    @Test
    void demoNormStatsPassTheRegistryChecks() {
        var stats = NormStatsParser.parse(DemoPolicies.normStatsJson().getBytes(StandardCharsets.UTF_8),
                RegistryFixtures.MARKET_FEATURES);
        assertEquals(13, stats.names().size());
        assertTrue(stats.std()[0] > 0 && stats.mean()[3] == 50.0);
    }

    /** An observation of the opening-gap policy: normalised log_ret_5m z, position p, time_normalized τ. */
    private static float[] gapObs(float z, int p, float tau) {
        float[] x = new float[15];
        x[0] = z;
        x[1] = -3f; // the other returns and features must not matter
        x[2] = 2.5f;
        x[5] = 1.7f;
        x[13] = p;
        x[14] = tau;
        return x;
    }

    @Test
    void openingGapTakesTheOpeningMoveHoldsItAndClosesAtTheSessionsLastBar() {
        byte[] onnx = OnnxMlpWriter.write(DemoPolicies.openingGap());
        BacktestSettings rules = BacktestSettings.from(new GateConfig("config"));
        float second = 1f / 59;
        float secondLast = 58f / 59;
        try (OnnxPolicy gap = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), 15);
                MlpPolicy reference = new MlpPolicy(DemoPolicies.openingGap())) {
            // {z, position, τ, expected signal}
            float[][] cases = {
                    {2f, 0, 0, 1}, {-2f, 0, 0, -1}, {0.5f, 0, 0, 1}, {-0.5f, 0, 0, -1}, // first bar: the opening move
                    {0.1f, 0, 0, 0}, {-0.1f, 0, 0, 0},                                 // too small a move: stay flat
                    {2f, 0, second, 0}, {-2f, 0, 0.5f, 0}, {3f, 0, secondLast, 0},     // later bars: no entry
                    {-2f, 1, second, 1}, {2f, -1, 0.5f, -1}, {-3f, 1, secondLast, 1},  // a position is held all day
                    {-2f, -1, secondLast, -1},
                    {2f, 1, 1, 0}, {-2f, -1, 1, 0}, {0f, 1, 1, 0}};                    // and closed at the last bar
            for (float[] c : cases) {
                float[] x = gapObs(c[0], (int) c[1], c[2]);
                float action = gap.act(x);
                assertEquals((int) c[3], rules.signal(action),
                        "z " + c[0] + ", position " + c[1] + ", τ " + c[2] + ": action " + action);
                assertEquals(reference.act(x), action, 1e-5);
            }
        }
    }

    /**
     * Six months of the synthetic demo market through the service's engine and the promotion rules: the opening-gap
     * policy passes the staging thresholds of config/promotion.yaml (the market's gaps forecast its sessions), while
     * momentum and mean reversion, which re-decide at every bar, lose to costs and fail.
     */
    @Test
    void onTheSyntheticMarketOnlyTheOpeningGapPolicyPassesTheStagingThresholds() {
        GateConfig config = new GateConfig("config");
        var market = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.parse("2025-07-01"), Instant.parse("2026-01-01T00:00:00Z"));
        List<FeatureVector> rows = CanonicalFeatures.of(config.featureContract(), config.market())
                .computeAll(market.bars(), market.macro());
        NormStats stats = NormStatsParser.parse(DemoPolicies.normStatsJson().getBytes(StandardCharsets.UTF_8),
                RegistryFixtures.MARKET_FEATURES);
        BacktestSettings settings = BacktestSettings.from(config);
        var thresholds = PromotionRules.floors(config.promotion(), PromotionPolicy.Stage.STAGING);

        BacktestReport gap = backtest(DemoPolicies.openingGap(), rows, stats, settings);
        List<CriterionResult> passed = PromotionRules.criteria(thresholds, gap.metrics(), null, null);
        assertTrue(passed.stream().allMatch(CriterionResult::passed), passed::toString);
        // one round trip a session at most, held from the first bar's close to the last bar's (59 bars)
        long sessions = rows.stream().map(FeatureVector::tradingDate).distinct().count();
        assertTrue(gap.trades().size() <= sessions, gap.trades().size() + " round trips in " + sessions + " sessions");
        long wholeSessions = gap.trades().stream().filter(t -> t.bars() == 59).count();
        assertTrue(wholeSessions >= 0.9 * gap.trades().size(), wholeSessions + " of " + gap.trades().size());
        assertTrue(gap.trades().stream().map(RoundTrip::exitReason).allMatch(r -> r.equals("signal")
                || r.equals("final_bar") || r.equals("missing_feature") || r.equals("low_quality")));

        for (MlpWeights loser : List.of(DemoPolicies.momentum(), DemoPolicies.meanReversion())) {
            BacktestReport r = backtest(loser, rows, stats, settings);
            assertTrue(r.metrics().sharpe() < 0 && r.metrics().totalReturn() < 0, r.metrics()::toString);
            assertTrue(PromotionRules.criteria(thresholds, r.metrics(), null, null).stream().anyMatch(c -> !c.passed()));
        }
    }

    private static BacktestReport backtest(MlpWeights weights, List<FeatureVector> rows, NormStats stats,
            BacktestSettings settings) {
        byte[] onnx = OnnxMlpWriter.write(weights);
        try (OnnxPolicy policy = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), 15)) {
            BacktestPath path = new FastBacktestEngine().run(rows, stats, policy, settings, BacktestProgress.NONE);
            return BacktestReport.of(path, settings);
        }
    }
}
