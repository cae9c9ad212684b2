package co.usdcop.gate.backtest;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Stores backtests with chosen metrics through {@link BacktestStore} (the same write path a real run takes), for tests
 * of features that read backtests (promotion). The equity path is two flat bars; the metrics are what the test needs.
 */
@ApplicationScoped
public class StoredBacktests {

    public static final LocalDate TRAIN_START = LocalDate.of(2020, 1, 1);
    public static final LocalDate TRAIN_END = LocalDate.of(2024, 12, 31);
    public static final LocalDate FROM = LocalDate.of(2025, 7, 1);
    public static final LocalDate TO = LocalDate.of(2025, 9, 30);
    /** Shared by every stored backtest here, so two of them count as run on the same data. */
    public static final String SNAPSHOT = Hashes.sha256Hex("promotion test snapshot");

    @Inject
    BacktestStore store;

    @Inject
    GateConfig config;

    /** A completed backtest of the model with the given headline metrics. */
    public UUID save(String modelId, String modelHash, String normStatsHash, boolean verified, boolean outOfSample,
            Double sharpe, Double winRate, double maxDrawdown, int trades) {
        return save(modelId, modelHash, normStatsHash, verified, outOfSample, sharpe, winRate, maxDrawdown, trades,
                1.0, config.backtest().transactionCostBps());
    }

    /**
     * As {@link #save(String, String, String, boolean, boolean, Double, Double, double, int)}, stored as a run at
     * {@code costMultiplier} whose signed cost model charged {@code costBps} (a what-if run charges
     * transaction_cost_bps × costMultiplier; another cost models a run made before the configured cost changed).
     */
    public UUID save(String modelId, String modelHash, String normStatsHash, boolean verified, boolean outOfSample,
            Double sharpe, Double winRate, double maxDrawdown, int trades, double costMultiplier, double costBps) {
        BacktestSettings settings = BacktestSettings.from(config).withCostBps(costBps);
        double cap = settings.initialCapital();
        List<FeatureVector> bars = List.of(Fixtures.bar(FROM, 1, 4000, 1, new double[13]),
                Fixtures.bar(FROM, 2, 4001, 1, new double[13]));
        BacktestPath path = new BacktestPath(bars, cap, 0, new byte[2], new double[] {cap, cap}, new float[2],
                new byte[2]);
        BacktestMetrics m = new BacktestMetrics(0.0, cap, 1, sharpe, null, maxDrawdown, null, null, 0.0, null, trades,
                winRate, null, 0, null, 0, null, 0, 0, 0, 2, 0);
        BacktestReport report = new BacktestReport(path, List.of(), BacktestMetrics.dailyReturns(path), m);
        LocalDate from = outOfSample ? FROM : LocalDate.of(2024, 7, 1);
        BacktestRequest request = new BacktestRequest(modelId, modelHash, normStatsHash, from, TO, PeriodType.TEST,
                TRAIN_START, TRAIN_END, RunSource.SERVICE, "test", costMultiplier);
        BacktestInputs inputs = new BacktestInputs(modelHash, normStatsHash, SNAPSHOT, settings.costModel(),
                settings.thresholds(), BacktestEngine.ENGINE_VERSION, from, TO);
        UUID id = UUID.randomUUID();
        store.saveCompleted(id, request, outOfSample, inputs, report, BacktestSignature.of(inputs, report), verified,
                null, Instant.now(), null);
        return id;
    }
}
