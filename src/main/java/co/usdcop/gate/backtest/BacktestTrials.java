package co.usdcop.gate.backtest;

import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.experiments.ExperimentService;
import co.usdcop.gate.models.registry.ModelRegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;

/**
 * Counts the trials behind a backtest, the N of the Deflated Sharpe Ratio. A trial is every completed backtest of
 * any model of the same experiment family (experiment name, all versions) whose period overlaps this backtest's
 * period, whoever ran it and whether or not it verified: each is a variant the researcher could have picked. Cost
 * stress re-runs are not stored, hence not trials, and stored what-if runs (cost multiplier ≠ 1) are not trials
 * either: a what-if run can never be the picked variant, since it never backs a proposal.
 *
 * <p>Called inside the transaction that stores the backtest, after taking {@link AdvisoryLock#BACKTEST_TRIALS}:
 * two backtests completing at once are counted one after the other, so the later one sees the earlier.
 */
@ApplicationScoped
public class BacktestTrials {

    @Inject
    EntityManager em;

    /**
     * The selection statistics of a backtest of {@code modelId} over {@code from..to} about to be stored, counting
     * itself as the last trial.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SelectionStats count(String modelId, LocalDate from, LocalDate to, BacktestReport report,
            BacktestSettings.DecisionRules rules) {
        em.createNativeQuery(AdvisoryLock.BACKTEST_TRIALS.sql()).getSingleResult();
        List<Double> earlier = trialSharpes(modelId, from, to);
        double[] sharpes = new double[earlier.size() + 1];
        for (int i = 0; i < earlier.size(); i++) {
            sharpes[i] = earlier.get(i);
        }
        Double own = report.metrics().sharpe();
        sharpes[earlier.size()] = own == null ? 0.0 : own / Math.sqrt(rules.annualizationDays());
        return SelectionStats.of(report.dailyReturns(), rules.riskFreeRate(), rules.annualizationDays(), sharpes);
    }

    /**
     * The selection statistics of a stored backtest against the trials stored <em>now</em> (itself included): what
     * the automatic vote judges, so trials run after the candidate count too.
     */
    @Transactional
    public SelectionStats now(BacktestSummary backtest, List<DailyReturn> days) {
        double[] sharpes = trialSharpes(backtest.modelId(), backtest.periodStart(), backtest.periodEnd()).stream()
                .mapToDouble(Double::doubleValue).toArray();
        var rules = backtest.thresholds();
        return SelectionStats.of(days, rules.riskFreeRate(), rules.annualizationDays(), sharpes);
    }

    /** Per-day Sharpe ratios of the family's completed backtests overlapping {@code from..to}; undefined = 0. */
    private List<Double> trialSharpes(String modelId, LocalDate from, LocalDate to) {
        // per-day Sharpe = annualised Sharpe / sqrt(A) with each trial's own A
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("""
                select coalesce((b.metrics->>'sharpe')::float8
                                / sqrt((b.thresholds->>'annualizationDays')::float8), 0)
                from backtest_results b
                join (%1$s) m on m.model_id = b.model_id
                join (%2$s) c on c.contract_id = m.experiment_contract_id
                where b.status = 'completed' and b.period_start <= ?2 and b.period_end >= ?1 and b.cost_multiplier = 1
                  and c.name = (select c2.name from (%1$s) m2
                                join (%2$s) c2 on c2.contract_id = m2.experiment_contract_id
                                where m2.model_id = ?3)
                order by b.completed_at, b.id
                """.formatted(ModelRegistryService.MODEL_CONTRACTS, ExperimentService.CONTRACT_NAMES))
                .setParameter(1, from).setParameter(2, to).setParameter(3, modelId).getResultList();
        return rows.stream().map(Number::doubleValue).toList();
    }
}
