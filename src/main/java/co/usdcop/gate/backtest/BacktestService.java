package co.usdcop.gate.backtest;

import co.usdcop.gate.experiments.ExperimentService;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.DateRanges.DateRange;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.Policy;
import co.usdcop.gate.features.store.FeatureSnapshot;
import co.usdcop.gate.features.store.FeatureStore;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.models.registry.PolicyCache;
import co.usdcop.gate.models.registry.RegisteredModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import java.time.ZoneOffset;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a backtest and stores it signed. {@link #runForModel} takes the model from the registry and the rows from the
 * feature store; {@link #run} takes them from the caller (tests, re-runs). This class owns the rules: period validation, the out-of-sample flag, the engine run (outside any transaction: it is CPU
 * work), the signature, and one transaction to store the result with its trades and audit record.
 */
@ApplicationScoped
public class BacktestService {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Inject
    GateConfig config;

    @Inject
    BacktestStore store;

    @Inject
    Clock clock;

    @Inject
    ModelRegistryService registry;

    @Inject
    PolicyCache policies;

    @Inject
    FeatureStore featureStore;

    @Inject
    ExperimentService experiments;

    private final BacktestEngine engine = new FastBacktestEngine();

    /** Engine runs of this instance: stored backtests and cost-stress re-runs (what an evaluation costs). */
    private final AtomicLong engineRuns = new AtomicLong();

    /**
     * A resolved period: dates, whether they are a named range (validation, test) or custom, and whether they come
     * from a preset of date_ranges.yaml (then a run reports the trading dates it really covered, see
     * {@link #covered}).
     */
    public record Period(LocalDate from, LocalDate to, PeriodType type, boolean preset) {

        public Period(LocalDate from, LocalDate to, PeriodType type) {
            this(from, to, type, false);
        }

        /**
         * A preset narrowed to the trading dates of its first and last feature rows when the data covers less of it
         * (e.g. "test" runs to today but the bars end last week); explicit dates and an empty period stay as given.
         */
        Period covered(List<FeatureVector> rows) {
            if (!preset || rows.isEmpty()) {
                return this;
            }
            LocalDate first = rows.get(0).tradingDate();
            LocalDate last = rows.get(rows.size() - 1).tradingDate();
            return new Period(first.isAfter(from) ? first : from, last.isBefore(to) ? last : to, type, true);
        }
    }

    /**
     * Resolves a preset id of {@code date_ranges.yaml} ({@code validation}, {@code test}, {@code last_90_days}, …)
     * or explicit dates (custom). Exactly one of the two must be given.
     */
    public Period resolvePeriod(String preset, LocalDate from, LocalDate to) {
        if (preset != null && !preset.isBlank()) {
            if (from != null || to != null) {
                throw new InvalidInputException("Give either a preset or from/to dates, not both.");
            }
            DateRange r = config.dateRanges().preset(preset, clock);
            if (r == null) {
                String known = config.dateRanges().presets().stream().map(p -> p.id())
                        .collect(Collectors.joining(", "));
                throw new InvalidInputException("Unknown period preset '" + preset + "'; use one of: " + known + ".");
            }
            PeriodType type = switch (preset) {
                case "validation" -> PeriodType.VALIDATION;
                case "test" -> PeriodType.TEST;
                default -> PeriodType.CUSTOM;
            };
            return checked(new Period(r.start(), r.end(), type, true));
        }
        if (from == null || to == null) {
            throw new InvalidInputException("A backtest needs a preset or both a from and a to date.");
        }
        return checked(new Period(from, to, PeriodType.CUSTOM));
    }

    private static Period checked(Period p) {
        if (p.from().isAfter(p.to())) {
            throw new InvalidInputException("The period starts on " + p.from() + ", after it ends on " + p.to()
                    + "; give a start date on or before the end date.");
        }
        return p;
    }

    /**
     * Runs the policy over {@code bars} (the feature rows of the period, in time order) and stores the signed result.
     * The out-of-sample flag is computed from the request's training range. A service run is marked verified: the
     * service itself produced it.
     *
     * @throws InvalidInputException for inverted dates, bad hashes, an empty period or rows the engine refuses
     * @throws java.util.concurrent.CancellationException when {@code progress} cancels (nothing is stored)
     */
    public BacktestSummary run(UUID id, BacktestRequest request, FeatureSnapshot snapshot, NormStats stats,
            Policy policy, BacktestProgress progress) {
        Computed c = compute(request, snapshot, stats, policy, progress);
        return store.saveCompleted(id, request, c.outOfSample, c.inputs, c.report, c.signature,
                request.runSource() == RunSource.SERVICE, null, c.runAt, null);
    }

    /** A run before it is stored. */
    private record Computed(boolean outOfSample, BacktestInputs inputs, BacktestReport report, String signature,
            BacktestSettings settings, Instant runAt) {
    }

    private Computed compute(BacktestRequest request, FeatureSnapshot snapshot, NormStats stats, Policy policy,
            BacktestProgress progress) {
        List<FeatureVector> bars = snapshot.rows();
        validate(request, bars);
        boolean oos = OutOfSample.isOutOfSample(request.from(), request.to(), request.trainStart(),
                request.trainEnd()) && outsideDataset(request);
        // a what-if run charges transaction_cost_bps × costMultiplier (the cost stress's path); 1 charges the cost in force
        BacktestSettings settings = BacktestSettings.from(config)
                .withCostMultiplier(config.backtest().transactionCostBps(), request.costMultiplier());
        Instant runAt = clock.instant();
        BacktestReport report;
        try {
            report = runEngine(bars, stats, policy, settings, progress);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The backtest cannot run on these features: " + e.getMessage() + ".");
        }
        BacktestInputs inputs = new BacktestInputs(request.modelHash(), request.normStatsHash(),
                snapshot.dataSnapshotHash(), settings.costModel(), settings.thresholds(), BacktestEngine.ENGINE_VERSION,
                request.from(), request.to());
        return new Computed(oos, inputs, report, BacktestSignature.of(inputs, report), settings, runAt);
    }

    /** The one way this service runs the engine. */
    private BacktestReport runEngine(List<FeatureVector> bars, NormStats stats, Policy policy,
            BacktestSettings settings, BacktestProgress progress) {
        engineRuns.incrementAndGet();
        return BacktestReport.of(engine.run(bars, stats, policy, settings, progress), settings);
    }

    /** Engine runs since start-up (each stored backtest and each cost-stress re-run is one). */
    public long engineRuns() {
        return engineRuns.get();
    }

    /**
     * Cost stress: re-runs a stored backtest once per multiplier with the cost {@code multiplier ×} the backtest's
     * transaction_cost_bps, through the same engine, over the same feature rows, with the model's policy; every other
     * setting is the current configuration's. Nothing is stored. One engine run per multiplier.
     *
     * @throws ConflictException when the period's feature rows or the model's artifacts are no longer the ones the
     *                           backtest ran on (its data snapshot or model hash differs)
     */
    @ActivateRequestContext
    public List<CostStressResult> stressCosts(BacktestSummary backtest, List<Double> multipliers) {
        RegisteredModel model = registry.require(backtest.modelId());
        Period period = new Period(backtest.periodStart(), backtest.periodEnd(), PeriodType.CUSTOM);
        FeatureSnapshot snapshot = snapshot(period);
        if (!snapshot.dataSnapshotHash().equals(backtest.dataSnapshotHash())) {
            throw new ConflictException("The feature rows of " + period.from() + ".." + period.to() + " changed since"
                    + " backtest " + backtest.id() + " ran, so it cannot be re-run at other costs; run a new backtest"
                    + " and propose with it.");
        }
        double baseBps = backtest.costModel().transactionCostBps();
        BacktestSettings current = BacktestSettings.from(config);
        return policies.withModel(model.modelId, loaded -> {
            if (!loaded.modelHash().equals(backtest.modelHash())
                    || !loaded.normStatsHash().equals(backtest.normStatsHash())) {
                throw new ConflictException("Model " + model.modelId + " no longer has the artifacts backtest "
                        + backtest.id() + " ran; backtest the registered model.");
            }
            List<CostStressResult> out = new ArrayList<>();
            for (double m : multipliers) {
                BacktestSettings stressed = current.withCostMultiplier(baseBps, m);
                BacktestMetrics metrics = runEngine(snapshot.rows(), loaded.normStats(), loaded.policy(), stressed,
                        BacktestProgress.NONE).metrics();
                out.add(new CostStressResult(m, stressed.transactionCostBps(), metrics.sharpe(),
                        metrics.totalReturn()));
            }
            return out;
        });
    }

    /**
     * {@code saveBacktest}: stores a backtest computed by automation after re-running it here. The stored trades,
     * curves and metrics are the service's re-run (reproducible from the signed inputs); {@code verified} is true only
     * if the submitted claim matches them ({@link BacktestVerification}), otherwise the differences are stored with
     * it. Idempotent: the same submission again returns the stored backtest.
     */
    @ActivateRequestContext
    public BacktestSummary save(SubmittedBacktest claim, String createdBy) {
        if (claim == null || claim.modelId() == null || claim.modelId().isBlank()) {
            throw new InvalidInputException("modelId is required.");
        }
        String submissionHash = Hashes.sha256Hex(CanonicalJson.of(claim));
        BacktestSummary existing = store.findBySubmission(submissionHash);
        if (existing != null) {
            return existing;
        }
        Period requested = resolvePeriod(claim.preset(), claim.from(), claim.to());
        RegisteredModel model = registry.require(claim.modelId());
        LocalDate[] train = trainingRange(model.experimentContractId);
        FeatureSnapshot snapshot = snapshot(requested);
        Period period = requested.covered(snapshot.rows());
        return policies.withModel(model.modelId, loaded -> {
            BacktestRequest request = new BacktestRequest(model.modelId, loaded.modelHash(), loaded.normStatsHash(),
                    period.from(), period.to(), period.type(), train[0], train[1], RunSource.AUTOMATION, createdBy);
            Computed c = compute(request, snapshot, loaded.normStats(), loaded.policy(), BacktestProgress.NONE);
            var differences = BacktestVerification.compare(claim, c.report, c.settings);
            return store.saveCompleted(UUID.randomUUID(), request, c.outOfSample, c.inputs, c.report, c.signature,
                    differences.isEmpty(), differences.isEmpty() ? null : differences, c.runAt, submissionHash);
        });
    }

    /**
     * Whether the period shares no date with the bar range of the model's training dataset, when the service knows
     * it (an {@code exportDataset} result); a model with an unknown dataset is judged by its declared range only (and
     * cannot be proposed for production, see {@link ModelRegistryService#lineageVerified}).
     */
    private boolean outsideDataset(BacktestRequest request) {
        RegisteredModel model = RegisteredModel.findById(request.modelId());
        return model == null || registry.datasetRange(model.datasetHash)
                .map(d -> OutOfSample.isOutOfSample(request.from(), request.to(), d.from(), d.to()))
                .orElse(true);
    }

    private FeatureSnapshot snapshot(Period period) {
        return featureStore.snapshot(period.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                period.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1));
    }

    /**
     * Backtests a registered model over a period: its policy and norm stats from the {@link PolicyCache} (hash-checked
     * on load), its training range from its experiment contract, the period's rows from the {@link FeatureStore}. A
     * preset's stored period is the one its rows cover ({@link Period#covered}).
     * The model's lock is held while the engine runs (policies are single-threaded). Runs on a backtest worker
     * thread, hence its own request context.
     *
     * @throws co.usdcop.gate.common.error.NotFoundException for an unknown model
     */
    @ActivateRequestContext
    public BacktestSummary runForModel(UUID id, String modelId, Period requested, RunSource source, String createdBy,
            BacktestProgress progress) {
        return runForModel(id, modelId, requested, 1.0, source, createdBy, progress);
    }

    /**
     * {@link #runForModel(UUID, String, Period, RunSource, String, BacktestProgress)} charging
     * {@code transaction_cost_bps × costMultiplier}: 1 is the cost in force, any other multiplier a what-if run.
     */
    @ActivateRequestContext
    public BacktestSummary runForModel(UUID id, String modelId, Period requested, double costMultiplier,
            RunSource source, String createdBy, BacktestProgress progress) {
        RegisteredModel model = registry.require(modelId);
        LocalDate[] train = trainingRange(model.experimentContractId);
        FeatureSnapshot snapshot = snapshot(requested);
        Period period = requested.covered(snapshot.rows());
        return policies.withModel(model.modelId, loaded -> {
            BacktestRequest request = new BacktestRequest(model.modelId, loaded.modelHash(), loaded.normStatsHash(),
                    period.from(), period.to(), period.type(), train[0], train[1], source, createdBy,
                    costMultiplier);
            return run(id, request, snapshot, loaded.normStats(), loaded.policy(), progress);
        });
    }

    /**
     * The cost multiplier of a run request: 1 when not given, otherwise within {@code min_cost_multiplier ..
     * max_cost_multiplier} of config/backtest.yaml.
     *
     * @throws InvalidInputException naming the bounds for a multiplier outside them
     */
    public double costMultiplier(Double requested) {
        if (requested == null) {
            return 1.0;
        }
        double min = config.backtest().costMultiplierMin();
        double max = config.backtest().costMultiplierMax();
        if (!(requested >= min && requested <= max)) {
            throw new InvalidInputException("costMultiplier " + requested + " is outside " + min + " to " + max
                    + " (min_cost_multiplier and max_cost_multiplier of config/backtest.yaml); give a multiplier in"
                    + " that range, or none for the cost in force (" + config.backtest().transactionCostBps()
                    + " bps).");
        }
        return requested;
    }

    /** Checks the model exists before a run is queued. */
    public void requireModel(String modelId) {
        registry.require(modelId);
    }

    /** The model's training range: its experiment contract's train_start..train_end (null, null if unknown). */
    public LocalDate[] trainingRange(String contractId) {
        return experiments.trainingRange(contractId);
    }

    private static void validate(BacktestRequest r, List<FeatureVector> bars) {
        if (r.modelId() == null || r.modelId().isBlank()) {
            throw new InvalidInputException("modelId is required.");
        }
        if (r.from() == null || r.to() == null) {
            throw new InvalidInputException("A backtest needs both a from and a to date.");
        }
        checked(new Period(r.from(), r.to(), r.periodType()));
        if (r.modelHash() == null || !SHA256.matcher(r.modelHash()).matches()
                || r.normStatsHash() == null || !SHA256.matcher(r.normStatsHash()).matches()) {
            throw new InvalidInputException("The model hash and norm-stats hash must be lower-case SHA-256 hex"
                    + " (64 characters), as registered.");
        }
        if (bars.isEmpty()) {
            throw new InvalidInputException("There are no feature rows between " + r.from() + " and " + r.to()
                    + "; pick a period with ingested market data and built features.");
        }
        for (FeatureVector b : bars) {
            if (b.tradingDate().isBefore(r.from()) || b.tradingDate().isAfter(r.to())) {
                throw new IllegalStateException("feature row " + b.ts() + " of " + b.tradingDate()
                        + " lies outside the requested period " + r.from() + ".." + r.to());
            }
        }
    }
}
