package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backtests stored in the real PostgreSQL: signature, out-of-sample flag, paging, immutability, bad input. */
@QuarkusTest
class BacktestServiceTest {

    static final String MODEL = "bt-test-model";
    static final String MODEL_HASH = "a1".repeat(32);
    static final String NORM_HASH = "b2".repeat(32);
    static final LocalDate TRAIN_START = LocalDate.of(2023, 1, 2);
    static final LocalDate TRAIN_END = LocalDate.of(2024, 12, 31);

    @Inject
    BacktestService service;

    @Inject
    BacktestStore store;

    @Inject
    EntityManager em;

    @BeforeEach
    void registeredModel() {
        registerTestModel(em);
    }

    /** The registry rows a backtest references (inserted directly: the registry's API is not under test). */
    static void registerTestModel(EntityManager em) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into artifacts (sha256, kind, size, media_type, storage_key, created_by)"
                    + " values (?1, 'onnx', 1, 'application/octet-stream', 'k1', 'test'),"
                    + " (?2, 'norm_stats', 1, 'application/json', 'k2', 'test') on conflict do nothing")
                    .setParameter(1, MODEL_HASH).setParameter(2, NORM_HASH).executeUpdate();
            em.createNativeQuery("insert into experiment_contracts (contract_id, name, version, config_hash,"
                    + " reward_config_hash, feature_order_hash, feature_contract_id, feature_contract_version,"
                    + " date_ranges_version, train_range, train_start, train_end, frozen_config, yaml, registered_by)"
                    + " values ('CTR-EXP-bt-1.0.0', 'bt', '1.0.0', ?1, ?1, 'h', 'CTR-FEATURE-001', '2.0.0', '1.0.0',"
                    + " 'train', ?2, ?3, '{}'::jsonb, 'x: 1', 'test') on conflict do nothing")
                    .setParameter(1, "c3".repeat(32)).setParameter(2, TRAIN_START).setParameter(3, TRAIN_END)
                    .executeUpdate();
            em.createNativeQuery("insert into model_registry (model_id, experiment_contract_id, model_hash,"
                    + " norm_stats_hash, dataset_hash, feature_order_hash, feature_contract_version, observation_spec,"
                    + " action_spec, registered_by) values (?1, 'CTR-EXP-bt-1.0.0', ?2, ?3, ?4, 'h', '2.0.0',"
                    + " '{}'::jsonb, '{}'::jsonb, 'test') on conflict do nothing")
                    .setParameter(1, MODEL).setParameter(2, MODEL_HASH).setParameter(3, NORM_HASH)
                    .setParameter(4, "d4".repeat(32)).executeUpdate();
        });
    }

    static List<FeatureVector> bars(LocalDate from, int days) {
        List<FeatureVector> out = new java.util.ArrayList<>();
        for (FeatureVector b : Fixtures.randomBars(5, days * 60, 13, 0.001, 0.01)) {
            LocalDate day = from.plusDays(b.tradingDate().toEpochDay() - Fixtures.DAY0.toEpochDay());
            out.add(Fixtures.bar(day, b.barNumber(), b.close(), b.dataQualityScore(), b.values()));
        }
        return out;
    }

    private BacktestSummary run(LocalDate from, int days) {
        return run(service, from, days);
    }

    static BacktestSummary run(BacktestService service, LocalDate from, int days) {
        LocalDate to = from.plusDays(days - 1);
        BacktestRequest req = new BacktestRequest(MODEL, MODEL_HASH, NORM_HASH, from, to, PeriodType.CUSTOM,
                TRAIN_START, TRAIN_END, RunSource.SERVICE, "rita");
        NormStats stats = Fixtures.identity(13);
        return service.run(UUID.randomUUID(), req, Fixtures.snapshot(bars(from, days)), stats, new Fixtures.RandomMlpPolicy(3, 15, 16, 1.0, 0.5),
                BacktestProgress.NONE);
    }

    @Test
    void aRunIsStoredSignedAndItsSignatureRecomputesFromTheRows() {
        BacktestSummary s = run(LocalDate.of(2025, 7, 1), 20);
        assertEquals("completed", s.status());
        assertTrue(s.verified());
        assertTrue(s.outOfSample(), "2025-07 does not overlap training 2023-01-02..2024-12-31");
        assertEquals(1200, s.barCount());
        assertTrue(s.tradeCount() > 10, "trades: " + s.tradeCount());
        assertEquals(s.tradeCount(), s.metrics().numberOfTrades());
        assertEquals(2.5, s.costModel().transactionCostBps());
        assertEquals(0.33, s.thresholds().longThreshold());
        assertTrue(s.signature().matches("[0-9a-f]{64}"));
        assertEquals(s.signature(), store.recomputeSignature(s.id()));

        var page = store.trades(s.id(), 5, 3);
        assertEquals((long) s.tradeCount(), page.total());
        assertEquals(5, page.items().size());
        assertEquals(4, page.items().get(0).seq());
        assertEquals(1200, store.equityCurve(s.id()).size());
        assertEquals(20, store.dailyReturns(s.id()).size());
        assertEquals(s.metrics().finalEquity(), store.equityCurve(s.id()).get(1199).equity());
        assertTrue(store.list(MODEL, 500, 0).items().stream().anyMatch(b -> b.id().equals(s.id())));

        Number audited = (Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select count(*) from approval_audit_log where action = 'backtest.completed' and entity_id = ?1")
                .setParameter(1, s.id().toString()).getSingleResult());
        assertEquals(1, audited.intValue());
    }

    @Test
    void sameInputsGiveTheSameSignature() {
        BacktestSummary a = run(LocalDate.of(2025, 9, 1), 5);
        BacktestSummary b = run(LocalDate.of(2025, 9, 1), 5);
        assertNotEquals(a.id(), b.id());
        assertEquals(a.signature(), b.signature());
        assertEquals(a.dataSnapshotHash(), b.dataSnapshotHash());
        BacktestSummary other = run(LocalDate.of(2025, 9, 2), 5);
        assertNotEquals(a.signature(), other.signature());
    }

    @Test
    void aPeriodOverlappingTrainingIsStoredAsInSample() {
        BacktestSummary s = run(LocalDate.of(2024, 12, 20), 15);
        assertFalse(s.outOfSample());
        assertEquals(TRAIN_END, QuarkusTransaction.requiringNew().call(
                () -> em.find(BacktestResultEntity.class, s.id()).trainEnd));
    }

    @Test
    void aCompletedBacktestCannotBeChangedOrDeleted() {
        BacktestSummary s = run(LocalDate.of(2025, 10, 1), 3);
        Exception change = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("update backtest_results set metrics = '{}'::jsonb where id = ?1")
                        .setParameter(1, s.id()).executeUpdate()));
        assertTrue(rootMessage(change).contains("cannot change"), rootMessage(change));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from backtest_trades where backtest_id = ?1")
                        .setParameter(1, s.id()).executeUpdate()));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from backtest_results where id = ?1")
                        .setParameter(1, s.id()).executeUpdate()));
        // nor may the verification verdict
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("update backtest_results set verified = false where id = ?1")
                        .setParameter(1, s.id()).executeUpdate()));
        assertEquals(s.signature(), store.recomputeSignature(s.id()));
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndNothingStored() {
        long before = store.list(MODEL, 1, 0).total();
        NormStats stats = Fixtures.identity(13);
        var policy = new Fixtures.RandomMlpPolicy(3, 15, 16, 1.0, 0.5);
        var inverted = new BacktestRequest(MODEL, MODEL_HASH, NORM_HASH, LocalDate.of(2025, 8, 1),
                LocalDate.of(2025, 7, 1), PeriodType.CUSTOM, TRAIN_START, TRAIN_END, RunSource.SERVICE, "rita");
        var e1 = assertThrows(InvalidInputException.class,
                () -> service.run(UUID.randomUUID(), inverted, Fixtures.snapshot(bars(LocalDate.of(2025, 7, 1), 1)),
                        stats, policy, BacktestProgress.NONE));
        assertTrue(e1.getMessage().contains("after it ends"), e1.getMessage());
        var empty = new BacktestRequest(MODEL, MODEL_HASH, NORM_HASH, LocalDate.of(2025, 7, 1),
                LocalDate.of(2025, 7, 31), PeriodType.CUSTOM, TRAIN_START, TRAIN_END, RunSource.SERVICE, "rita");
        var e2 = assertThrows(InvalidInputException.class,
                () -> service.run(UUID.randomUUID(), empty, Fixtures.snapshot(List.of()), stats, policy,
                        BacktestProgress.NONE));
        assertTrue(e2.getMessage().contains("no feature rows"), e2.getMessage());
        assertEquals("VALIDATION", e2.code());
        var e3 = assertThrows(InvalidInputException.class, () -> service.resolvePeriod("last_year", null, null));
        assertTrue(e3.getMessage().contains("validation, test"), e3.getMessage());
        var e4 = assertThrows(NotFoundException.class, () -> store.get(UUID.randomUUID()));
        assertEquals("NOT_FOUND", e4.code());
        assertEquals(before, store.list(MODEL, 1, 0).total());
    }

    @Test
    void presetsResolveFromTheDateRangesFile() {
        var validation = service.resolvePeriod("validation", null, null);
        assertEquals(LocalDate.of(2025, 1, 1), validation.from());
        assertEquals(LocalDate.of(2025, 6, 30), validation.to());
        assertEquals(PeriodType.VALIDATION, validation.type());
        assertEquals(PeriodType.TEST, service.resolvePeriod("test", null, null).type());
        assertEquals(PeriodType.CUSTOM, service.resolvePeriod(null, LocalDate.of(2025, 7, 1),
                LocalDate.of(2025, 7, 2)).type());
        assertNotNull(service.resolvePeriod("last_30_days", null, null).from());
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
