package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.MlpWeights;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.models.registry.NormStatsParser;
import co.usdcop.gate.models.registry.RegistryFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PSR, SR₀ and DSR against golden values computed independently by {@code src/test/resources/selection/golden.py}
 * (numpy moments, Python's math.erf and statistics.NormalDist): the numerical example of Bailey &amp; López de Prado
 * 2014, and the service's own daily returns of two demo policies on the synthetic demo market.
 */
class SharpeInferenceTest {

    private static final double TOLERANCE = 1e-9;

    /** A row of golden.csv. */
    record Golden(String name, int trials, double variance, int observations, double sharpe, double skewness,
            double kurtosis, double psr, double expectedMaxSharpe, double dsr) {
    }

    private static List<Golden> golden() throws IOException {
        List<Golden> out = new ArrayList<>();
        for (String[] r : csv("selection/golden.csv")) {
            out.add(new Golden(r[0], Integer.parseInt(r[1]), Double.parseDouble(r[2]), Integer.parseInt(r[3]),
                    Double.parseDouble(r[4]), Double.parseDouble(r[5]), Double.parseDouble(r[6]),
                    Double.parseDouble(r[7]), Double.parseDouble(r[8]), Double.parseDouble(r[9])));
        }
        return out;
    }

    private static List<String[]> csv(String resource) throws IOException {
        try (InputStream in = SharpeInferenceTest.class.getClassLoader().getResourceAsStream(resource)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        }
    }

    @Test
    void reproducesTheDeflatedSharpeExampleOfThe2014Paper() throws IOException {
        Golden g = golden().stream().filter(r -> r.name().equals("paper_2014")).findFirst().orElseThrow();
        // the paper's inputs, per day: SR = 2.5 / sqrt(250), V = 0.5 / 250, T = 1250, skew -3, kurtosis 10, N = 100
        double sr = 2.5 / Math.sqrt(250);
        var m = new SharpeInference.Moments(1250, sr, -3.0, 10.0);
        double sr0 = SharpeInference.expectedMaxSharpe(100, 0.5 / 250);
        double dsr = SharpeInference.probabilisticSharpe(m, sr0);
        // as printed in the paper (4 decimals) ...
        assertEquals(0.1132, sr0, 5e-5);
        assertEquals(0.9004, dsr, 5e-5);
        // ... and to 1e-9 against the independent computation
        assertEquals(g.expectedMaxSharpe(), sr0, TOLERANCE);
        assertEquals(g.dsr(), dsr, TOLERANCE);
        assertEquals(g.psr(), SharpeInference.probabilisticSharpe(m, 0.0), TOLERANCE);
    }

    @Test
    void matchesTheIndependentComputationOnTheServicesOwnDailyReturns() throws IOException {
        Map<String, double[]> returns = serviceDailyReturns();
        // the golden file was computed from exactly these returns
        Map<String, List<Double>> stored = new LinkedHashMap<>();
        for (String[] r : csv("selection/daily-returns.csv")) {
            stored.computeIfAbsent(r[0], k -> new ArrayList<>()).add(Double.parseDouble(r[2]));
        }
        for (var e : stored.entrySet()) {
            double[] now = returns.get(e.getKey());
            assertEquals(e.getValue().size(), now.length, e.getKey());
            for (int i = 0; i < now.length; i++) {
                assertEquals(e.getValue().get(i), now[i], 0.0, e.getKey() + " day " + i);
            }
        }
        int checked = 0;
        for (Golden g : golden()) {
            if (g.name().startsWith("paper")) {
                continue;
            }
            SharpeInference.Moments m = SharpeInference.moments(returns.get(g.name()));
            String what = g.name() + " N=" + g.trials() + " V=" + g.variance();
            assertEquals(g.observations(), m.observations(), what);
            assertEquals(g.sharpe(), m.sharpe(), TOLERANCE, what);
            assertEquals(g.skewness(), m.skewness(), TOLERANCE, what);
            assertEquals(g.kurtosis(), m.kurtosis(), TOLERANCE, what);
            assertEquals(g.psr(), SharpeInference.probabilisticSharpe(m, 0.0), TOLERANCE, what);
            double sr0 = SharpeInference.expectedMaxSharpe(g.trials(), g.variance());
            assertEquals(g.expectedMaxSharpe(), sr0, TOLERANCE, what);
            assertEquals(g.dsr(), SharpeInference.probabilisticSharpe(m, sr0), TOLERANCE, what);
            checked++;
        }
        assertEquals(10, checked);
    }

    /** Two demo policies over the synthetic demo market's first year, through the service's engine. */
    private static Map<String, double[]> serviceDailyReturns() {
        GateConfig config = new GateConfig("config");
        var market = new SyntheticMarketGenerator(config.market(), SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.parse("2025-07-01"), Instant.parse("2026-07-01T00:00:00Z"));
        List<FeatureVector> rows = CanonicalFeatures.of(config.featureContract(), config.market())
                .computeAll(market.bars(), market.macro());
        NormStats stats = NormStatsParser.parse(DemoPolicies.normStatsJson().getBytes(StandardCharsets.UTF_8),
                RegistryFixtures.MARKET_FEATURES);
        BacktestSettings settings = BacktestSettings.from(config);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (var e : Map.of("opening_gap", DemoPolicies.openingGap(), "momentum", DemoPolicies.momentum())
                .entrySet()) {
            out.put(e.getKey(), dailyReturns(e.getValue(), rows, stats, settings));
        }
        return out;
    }

    private static double[] dailyReturns(MlpWeights weights, List<FeatureVector> rows, NormStats stats,
            BacktestSettings settings) {
        byte[] onnx = OnnxMlpWriter.write(weights);
        try (OnnxPolicy policy = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), 15)) {
            BacktestReport r = BacktestReport.of(new FastBacktestEngine().run(rows, stats, policy, settings,
                    BacktestProgress.NONE), settings);
            return r.dailyReturns().stream().mapToDouble(DailyReturn::dailyReturn).toArray();
        }
    }

    @Test
    void normalDistributionFunctionsAreExact() {
        // 1.959963984540054 is the 97.5 % quantile of N(0, 1) to double precision
        assertEquals(0.975, SharpeInference.normalCdf(1.959963984540054), 1e-15);
        assertEquals(1.959963984540054, SharpeInference.normalQuantile(0.975), 1e-13);
        assertEquals(-1.959963984540054, SharpeInference.normalQuantile(0.025), 1e-13);
        assertEquals(0.5, SharpeInference.normalCdf(0.0), 0.0);
        // Φ(-5) = 2.866515718791939e-7 (erfc(5/√2) / 2)
        assertEquals(2.866515718791939e-7, SharpeInference.normalCdf(-5.0), 1e-16);
        assertEquals(3.090232306167813, SharpeInference.normalQuantile(0.999), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SharpeInference.normalQuantile(1.0));
    }

    @Test
    void edgeCases() {
        // one trial: no selection, DSR = PSR(0)
        assertEquals(0.0, SharpeInference.expectedMaxSharpe(1, 0.3), 0.0);
        assertNull(SharpeInference.moments(new double[] {0.01}).sharpe());
        assertNull(SharpeInference.moments(new double[] {0.01, 0.01, 0.01}).sharpe());
        assertNull(SharpeInference.probabilisticSharpe(SharpeInference.moments(new double[] {0.0, 0.0}), 0.0));
        // hand-computed: x = {0.01, -0.01, 0.02, 0.0}: mean 0.005, deviations ±0.005, ±0.015, Σd² = 5e-4,
        // sample std = sqrt(5e-4 / 3) = 0.0129099, SR = 0.3872983; m2 = 1.25e-4, m3 = 0 (symmetric) -> skew 0,
        // m4 = (2·0.005⁴ + 2·0.015⁴) / 4 = 2.5625e-8 -> kurtosis 2.5625e-8 / 1.5625e-8 = 1.64
        SharpeInference.Moments m = SharpeInference.moments(new double[] {0.01, -0.01, 0.02, 0.0});
        assertEquals(0.3872983346207417, m.sharpe(), 1e-12);
        assertEquals(0.0, m.skewness(), 1e-12);
        assertEquals(1.64, m.kurtosis(), 1e-12);
    }

    @Test
    void selectionStatsUseTheSampleVarianceOfTheTrialsPerDaySharpes() {
        List<DailyReturn> days = new ArrayList<>();
        double[] r = {0.01, -0.01, 0.02, 0.0};
        for (int i = 0; i < r.length; i++) {
            days.add(new DailyReturn(LocalDate.of(2025, 7, 1 + i), 10_000, r[i]));
        }
        // trials' per-day Sharpes {0.1, -0.1, 0.2}: mean 1/15, Σ(x - mean)² = 0.046667, / 2 = 0.023333
        SelectionStats s = SelectionStats.of(days, 0.0, 252, new double[] {0.1, -0.1, 0.2});
        assertEquals(3, s.trials());
        assertEquals(0.07 / 3, s.trialSharpeVariance(), 1e-12);
        double sr0 = SharpeInference.expectedMaxSharpe(3, 0.07 / 3);
        assertEquals(sr0, s.expectedMaxSharpe(), 1e-15);
        assertEquals(sr0 * Math.sqrt(252), s.expectedMaxSharpeAnnualized(), 1e-12);
        var m = SharpeInference.moments(r);
        assertEquals(SharpeInference.probabilisticSharpe(m, sr0), s.dsr(), 1e-12);
        assertEquals(SharpeInference.probabilisticSharpe(m, 0.0), s.psr(), 0.0);
        assertNull(SelectionStats.of(days, 0.0, 252, new double[] {0.1}).trialSharpeVariance());
    }
}
