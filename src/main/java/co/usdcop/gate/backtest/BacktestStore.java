package co.usdcop.gate.backtest;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.NotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads and writes {@code backtest_results} and {@code backtest_trades}; every write is one transaction, audited. */
@ApplicationScoped
public class BacktestStore {

    private static final TypeReference<List<EquityPoint>> CURVE = new TypeReference<>() { };
    private static final TypeReference<List<DailyReturn>> DAYS = new TypeReference<>() { };
    private static final int FLUSH_EVERY_TRADES = 500;

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    BacktestTrials trials;

    @Inject
    ChartSeriesCache chartSeries;

    @Inject
    BacktestRowsOfRequest rowsOfRequest;

    /** Stores a completed, signed backtest with its trades; audited as {@code BACKTEST_COMPLETED}. */
    @Transactional
    public BacktestSummary saveCompleted(UUID id, BacktestRequest request, boolean outOfSample, BacktestInputs inputs,
            BacktestReport report, String signature, boolean verified, Map<String, ?> differences, Instant runAt,
            String submissionHash) {
        BacktestResultEntity e = new BacktestResultEntity();
        e.id = id;
        e.modelId = request.modelId();
        e.periodStart = request.from();
        e.periodEnd = request.to();
        e.periodType = request.periodType().code();
        e.outOfSample = outOfSample;
        e.trainStart = request.trainStart();
        e.trainEnd = request.trainEnd();
        e.costModel = CanonicalJson.of(inputs.costModel());
        e.initialCapital = inputs.costModel().initialCapital();
        e.costMultiplier = request.costMultiplier();
        e.thresholds = CanonicalJson.of(inputs.thresholds());
        e.metrics = CanonicalJson.of(report.metrics());
        e.equityCurve = CanonicalJson.of(BacktestSignature.equityCurve(report.path()));
        e.dailyReturns = CanonicalJson.of(report.dailyReturns());
        e.barCount = report.path().size();
        e.tradeCount = report.trades().size();
        e.dataSnapshotHash = inputs.dataSnapshotHash();
        e.modelHash = inputs.modelHash();
        e.normStatsHash = inputs.normStatsHash();
        e.engineVersion = inputs.engineVersion();
        e.runSource = request.runSource().code();
        e.verified = verified;
        e.differences = differences == null ? null : CanonicalJson.of(differences);
        SelectionStats selection = trials.count(request.modelId(), request.from(), request.to(), report,
                inputs.thresholds());
        e.selectionStats = CanonicalJson.of(selection);
        e.signature = signature;
        e.sealedSignature = BacktestSignature.sealed(signature, selection);
        e.submissionHash = submissionHash;
        e.status = BacktestStatus.COMPLETED;
        e.createdBy = request.createdBy();
        e.runAt = runAt.truncatedTo(ChronoUnit.MICROS);
        e.completedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        em.persist(e);
        em.flush();
        int i = 0;
        for (RoundTrip t : report.trades()) {
            em.persist(BacktestTradeEntity.of(id, t));
            if (++i % FLUSH_EVERY_TRADES == 0) {
                em.flush();
                em.clear();
            }
        }
        em.flush();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelId", request.modelId());
        details.put("period", request.from() + ".." + request.to());
        details.put("periodType", request.periodType().code());
        details.put("outOfSample", outOfSample);
        details.put("runSource", request.runSource().code());
        details.put("costMultiplier", request.costMultiplier());
        details.put("transactionCostBps", inputs.costModel().transactionCostBps());
        details.put("signature", signature);
        details.put("trials", selection.trials());
        details.put("sealedSignature", e.sealedSignature);
        details.put("verified", verified);
        details.put("createdBy", request.createdBy());
        details.put("recordSignature", seal(id));
        audit.recordFor(request.createdBy(), AuditActions.BACKTEST_COMPLETED, "backtest", id.toString(), details);
        return summary(em.find(BacktestResultEntity.class, id));
    }

    /** The automation backtest stored for a submission, or null. */
    @Transactional
    public BacktestSummary findBySubmission(String submissionHash) {
        return em.createQuery("from BacktestResultEntity b where b.submissionHash = :h", BacktestResultEntity.class)
                .setParameter("h", submissionHash).getResultStream().findFirst().map(BacktestStore::summary)
                .orElse(null);
    }

    @Transactional
    public BacktestSummary get(UUID id) {
        return summary(shown(id));
    }

    /** The model's newest completed out-of-sample backtest (by completion time), or null. */
    @Transactional
    public BacktestSummary newestCompletedOutOfSample(String modelId) {
        return em.createQuery("from BacktestResultEntity b where b.modelId = :m and b.status = :completed"
                + " and b.outOfSample order by b.completedAt desc", BacktestResultEntity.class)
                .setParameter("m", modelId).setParameter("completed", BacktestStatus.COMPLETED)
                .setMaxResults(1).getResultStream().findFirst().map(BacktestStore::summary)
                .orElse(null);
    }

    /**
     * The model's completed, verified backtests at the cost in force (never a what-if run) whose inputs match
     * {@code like}'s: same period, engine version and data snapshot, same cost model and thresholds; newest first.
     */
    @Transactional
    public List<BacktestSummary> sameConditions(String modelId, BacktestSummary like) {
        return em.createQuery("from BacktestResultEntity b where b.modelId = :m and b.periodStart = :f"
                        + " and b.periodEnd = :t and b.engineVersion = :e and b.dataSnapshotHash = :d"
                        + " and b.status = :completed and b.verified = true and b.costMultiplier = 1.0"
                        + " order by b.runAt desc", BacktestResultEntity.class)
                .setParameter("m", modelId).setParameter("completed", BacktestStatus.COMPLETED)
                .setParameter("f", like.periodStart()).setParameter("t", like.periodEnd())
                .setParameter("e", like.engineVersion()).setParameter("d", like.dataSnapshotHash())
                .getResultStream().map(BacktestStore::summary)
                .filter(b -> java.util.Objects.equals(b.costModel(), like.costModel())
                        && java.util.Objects.equals(b.thresholds(), like.thresholds()))
                .toList();
    }

    /** Backtests of a model, newest first. */
    @Transactional
    public Page<BacktestSummary> list(String modelId, Integer limit, Integer offset) {
        int l = Page.clampLimit(limit);
        int o = Page.checkOffset(offset);
        long total = Page.totalSelected() ? em.createQuery(
                        "select count(b) from BacktestResultEntity b where b.modelId = :m", Long.class)
                .setParameter("m", modelId).getSingleResult() : Page.NOT_COUNTED;
        List<BacktestSummary> items = em.createQuery(
                        "from BacktestResultEntity b where b.modelId = :m order by b.runAt desc, b.id",
                        BacktestResultEntity.class)
                .setParameter("m", modelId).setFirstResult(o).setMaxResults(l).getResultList()
                .stream().map(BacktestStore::summary).toList();
        return new Page<>(items, total, o, l);
    }

    /** Round trips of a backtest in opening order. */
    @Transactional
    public Page<RoundTrip> trades(UUID id, Integer limit, Integer offset) {
        int l = Page.clampLimit(limit);
        int o = Page.checkOffset(offset);
        long total = Page.totalSelected() ? em.createQuery(
                        "select count(t) from BacktestTradeEntity t where t.backtestId = :id", Long.class)
                .setParameter("id", id).getSingleResult() : Page.NOT_COUNTED;
        List<RoundTrip> items = em.createQuery(
                        "from BacktestTradeEntity t where t.backtestId = :id order by t.seq", BacktestTradeEntity.class)
                .setParameter("id", id).setFirstResult(o).setMaxResults(l).getResultList()
                .stream().map(BacktestTradeEntity::toRoundTrip).toList();
        return new Page<>(items, total, o, l);
    }

    /** The whole equity curve (one point per bar), read alone: the row's other columns are not loaded again. */
    @Transactional
    public List<EquityPoint> equityCurve(UUID id) {
        return read(column(id, "equityCurve"), CURVE);
    }

    /**
     * The equity curve thinned to at most {@code maxPoints} by {@link SeriesThinner} on equity; read once, then
     * served from {@link ChartSeriesCache} (a stored backtest never changes).
     */
    @Transactional
    public List<EquityPoint> equityCurve(UUID id, int maxPoints) {
        return chartSeries.get(id, "equityCurve", maxPoints,
                () -> SeriesThinner.thin(equityCurve(id), maxPoints, EquityPoint::equity));
    }

    /** Every trading date's equity and return, read alone. */
    @Transactional
    public List<DailyReturn> dailyReturns(UUID id) {
        return read(column(id, "dailyReturns"), DAYS);
    }

    /** The daily returns thinned to at most {@code maxPoints} by {@link SeriesThinner} on equity; cached likewise. */
    @Transactional
    public List<DailyReturn> dailyReturns(UUID id, int maxPoints) {
        return chartSeries.get(id, "dailyReturns", maxPoints,
                () -> SeriesThinner.thin(dailyReturns(id), maxPoints, DailyReturn::equity));
    }

    /** One curve column of a row by a projection (the entity's curve attributes are lazy and never loaded). */
    private String column(UUID id, String attribute) {
        List<String> found = id == null ? List.of() : em.createQuery(
                        "select b." + attribute + " from BacktestResultEntity b where b.id = :id", String.class)
                .setParameter("id", id).getResultList();
        if (found.isEmpty()) {
            throw notFound(id);
        }
        return found.get(0);
    }

    /**
     * Recomputes the signature from what is stored (typed, so jsonb's number rewriting cannot matter). Equal to the
     * stored signature unless a row was tampered with behind the service's back.
     */
    @Transactional
    public String recomputeSignature(UUID id) {
        BacktestResultEntity e = entity(id);
        BacktestInputs inputs = new BacktestInputs(e.modelHash, e.normStatsHash, e.dataSnapshotHash,
                read(e.costModel, BacktestSettings.CostModel.class),
                read(e.thresholds, BacktestSettings.DecisionRules.class), e.engineVersion, e.periodStart, e.periodEnd);
        List<RoundTrip> trades = em.createQuery(
                        "from BacktestTradeEntity t where t.backtestId = :id order by t.seq", BacktestTradeEntity.class)
                .setParameter("id", id).getResultList().stream().map(BacktestTradeEntity::toRoundTrip).toList();
        return BacktestSignature.of(inputs, trades, read(column(id, "equityCurve"), CURVE),
                read(e.metrics, BacktestMetrics.class));
    }

    /**
     * Seals a completed row with its record signature ({@link BacktestSeal}), computed from the row as PostgreSQL
     * stores it; a no-op when already sealed. Returns the record signature.
     */
    @Transactional
    public String seal(UUID id) {
        em.flush();
        BacktestResultEntity e = entity(id);
        em.refresh(e);
        if (e.recordSignature != null) {
            return e.recordSignature;
        }
        String seal = BacktestSeal.of(e);
        em.createNativeQuery("update backtest_results set record_signature = ?1 where id = ?2 and record_signature is"
                + " null").setParameter(1, seal).setParameter(2, id).executeUpdate();
        em.refresh(e);
        return e.recordSignature;
    }

    /** Completed rows not sealed yet (completed before record signatures existed). */
    @Transactional
    public List<UUID> unsealed() {
        return em.createQuery("select b.id from BacktestResultEntity b where b.status = :completed and"
                + " b.recordSignature is null", UUID.class).setParameter("completed", BacktestStatus.COMPLETED)
                .getResultList();
    }

    /**
     * Re-checks a backtest against its signatures: the content signature recomputed from the stored inputs, trades,
     * equity curve and metrics, and the record signature recomputed from every other column a decision reads.
     */
    @Transactional
    public BacktestIntegrity check(UUID id) {
        BacktestResultEntity e = entity(id);
        if (e.status != BacktestStatus.COMPLETED) {
            return new BacktestIntegrity(id, false, "The backtest is " + e.status.key() + "; only a completed backtest is"
                    + " signed.");
        }
        String content = recomputeSignature(id);
        if (!content.equals(e.signature)) {
            return new BacktestIntegrity(id, false, "Its trades, equity curve, metrics or inputs were changed after"
                    + " signing (content signature " + e.signature + ", recomputed " + content + ").");
        }
        String record = BacktestSeal.of(e);
        if (e.recordSignature == null || !record.equals(e.recordSignature)) {
            return new BacktestIntegrity(id, false, "Its model, period, out-of-sample flag, verified state, run source,"
                    + " cost multiplier or differences were changed after signing (record signature " + e.recordSignature
                    + ", recomputed " + record + ").");
        }
        return new BacktestIntegrity(id, true, null);
    }

    /**
     * Recomputes the sealed signature (the run's signature recomputed from what is stored, sealed with the stored
     * selection statistics). Equal to the stored one unless a row was tampered with.
     */
    @Transactional
    public String recomputeSealedSignature(UUID id) {
        return BacktestSignature.sealed(recomputeSignature(id), selectionStats(entity(id)));
    }

    /** The stored sealed signature: run signature + selection statistics; null before they existed. */
    @Transactional
    public String sealedSignature(UUID id) {
        return shown(id).sealedSignature;
    }

    /** The selection statistics fixed when the backtest was stored; null for backtests stored before they existed. */
    @Transactional
    public SelectionStats selectionStats(UUID id) {
        return selectionStats(shown(id));
    }

    private static SelectionStats selectionStats(BacktestResultEntity e) {
        return e.selectionStats == null ? null : read(e.selectionStats, SelectionStats.class);
    }

    /**
     * The row for showing it: read once per request ({@link BacktestRowsOfRequest}); outside a request (jobs, the
     * sealer) straight from the database. Never used by the signature checks, which must see what is stored now.
     */
    private BacktestResultEntity shown(UUID id) {
        if (!Arc.container().requestContext().isActive()) {
            return entity(id);
        }
        return rowsOfRequest.row(id, this::entity);
    }

    private BacktestResultEntity entity(UUID id) {
        BacktestResultEntity e = id == null ? null : em.find(BacktestResultEntity.class, id);
        if (e == null) {
            throw notFound(id);
        }
        return e;
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No backtest with id " + id + "; list a model's backtests to find one.");
    }

    static BacktestSummary summary(BacktestResultEntity e) {
        BacktestSettings.CostModel costs = read(e.costModel, BacktestSettings.CostModel.class);
        return new BacktestSummary(e.id, e.modelId, e.periodStart, e.periodEnd, e.periodType, e.outOfSample,
                e.status.key(), e.runSource, e.verified, e.signature, e.modelHash, e.normStatsHash, e.dataSnapshotHash,
                e.engineVersion, costs,
                read(e.thresholds, BacktestSettings.DecisionRules.class),
                e.metrics == null ? null : read(e.metrics, BacktestMetrics.class), e.barCount, e.tradeCount,
                e.createdBy, e.runAt, e.completedAt, differences(e.differences), e.costMultiplier,
                costs.transactionCostBps());
    }

    private static List<BacktestDifference> differences(String json) {
        if (json == null) {
            return List.of();
        }
        List<BacktestDifference> out = new java.util.ArrayList<>();
        CanonicalJson.tree(json).fields().forEachRemaining(f -> out.add(new BacktestDifference(f.getKey(),
                String.valueOf(f.getValue().get("submitted")), String.valueOf(f.getValue().get("recomputed")))));
        return out;
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return CanonicalJson.MAPPER.readValue(json, type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored backtest JSON does not match " + type.getSimpleName(), ex);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return CanonicalJson.MAPPER.readValue(json, type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored backtest JSON is not readable", ex);
        }
    }
}
