package co.usdcop.gate.backtest;

import co.usdcop.gate.common.AdvisoryLock;
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
 * stress re-runs are not stored, hence not trials.
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
        // per-day Sharpe = annualised Sharpe / sqrt(A) with each trial's own A; an undefined Sharpe counts as 0
        @SuppressWarnings("unchecked")
        List<Number> earlier = em.createNativeQuery("""
                select coalesce((b.metrics->>'sharpe')::float8
                                / sqrt((b.thresholds->>'annualizationDays')::float8), 0)
                from backtest_results b
                join model_registry m on m.model_id = b.model_id
                join experiment_contracts c on c.contract_id = m.experiment_contract_id
                where b.status = 'completed' and b.period_start <= ?2 and b.period_end >= ?1
                  and c.name = (select c2.name from model_registry m2
                                join experiment_contracts c2 on c2.contract_id = m2.experiment_contract_id
                                where m2.model_id = ?3)
                """).setParameter(1, from).setParameter(2, to).setParameter(3, modelId).getResultList();
        double[] sharpes = new double[earlier.size() + 1];
        for (int i = 0; i < earlier.size(); i++) {
            sharpes[i] = earlier.get(i).doubleValue();
        }
        Double own = report.metrics().sharpe();
        sharpes[earlier.size()] = own == null ? 0.0 : own / Math.sqrt(rules.annualizationDays());
        return SelectionStats.of(report.dailyReturns(), rules.riskFreeRate(), rules.annualizationDays(), sharpes);
    }
}
