package co.usdcop.gate.promotion;

import co.usdcop.gate.backtest.BacktestEngine;
import co.usdcop.gate.backtest.BacktestProgress;
import co.usdcop.gate.backtest.BacktestService;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.PeriodType;
import co.usdcop.gate.backtest.RunSource;
import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.security.CurrentUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;
import co.usdcop.gate.backtest.BacktestSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * The baseline's backtest under the candidate's conditions: a stored, completed, verified backtest of the baseline
 * model, run at the cost in force (never a what-if run at another cost multiplier, even one whose cost happens to equal
 * the candidate's), whose inputs equal the candidate's (same period, cost model, thresholds, data snapshot hash and
 * engine version; the newest wins); when there is none and the service's current settings are the candidate's, the service
 * runs one ({@link BacktestService#runForModel}, stored and audited in its own transaction). A run on data that
 * changed since the candidate's (another snapshot hash) is kept but not used: the comparison would not be fair.
 */
@ApplicationScoped
public class StoredBaselineBacktests implements BaselineBacktests {

    private static final Logger LOG = Logger.getLogger(StoredBaselineBacktests.class);

    @Inject
    BacktestStore store;

    @Inject
    BacktestService backtestService;

    @Inject
    GateConfig config;

    @Override
    public Optional<BacktestSummary> sameConditions(String baselineModelId, BacktestSummary candidate) {
        Optional<BacktestSummary> stored = stored(baselineModelId, candidate);
        if (stored.isPresent()) {
            return stored;
        }
        BacktestSettings now = BacktestSettings.from(config);
        if (!now.costModel().equals(candidate.costModel()) || !now.thresholds().equals(candidate.thresholds())
                || !BacktestEngine.ENGINE_VERSION.equals(candidate.engineVersion())) {
            LOG.infof("baseline %s not run: the candidate backtest %s used other settings or engine than the"
                    + " service's current ones", baselineModelId, candidate.id());
            return Optional.empty();
        }
        BacktestSummary run;
        try {
            run = QuarkusTransaction.requiringNew().call(() -> backtestService.runForModel(UUID.randomUUID(),
                    baselineModelId, new BacktestService.Period(candidate.periodStart(), candidate.periodEnd(),
                            PeriodType.of(candidate.periodType())), RunSource.SERVICE, CurrentUser.SYSTEM,
                    BacktestProgress.NONE));
        } catch (GateException e) {
            LOG.infof("baseline %s could not be backtested on %s..%s: %s", baselineModelId, candidate.periodStart(),
                    candidate.periodEnd(), e.getMessage());
            return Optional.empty();
        }
        return candidate.dataSnapshotHash().equals(run.dataSnapshotHash()) ? Optional.of(run) : Optional.empty();
    }

    private Optional<BacktestSummary> stored(String baselineModelId, BacktestSummary candidate) {
        return store.sameConditions(baselineModelId, candidate).stream().findFirst();
    }

}
