package co.usdcop.gate.promotion;

import co.usdcop.gate.backtest.BacktestStore;
import co.usdcop.gate.backtest.BacktestSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds a stored, completed, verified backtest of the baseline model whose inputs equal the candidate's: same period,
 * cost model, thresholds, data snapshot hash and engine version; the newest wins.
 */
@ApplicationScoped
public class StoredBaselineBacktests implements BaselineBacktests {

    @Inject
    EntityManager em;

    @Inject
    BacktestStore store;

    @Override
    public Optional<BacktestSummary> sameConditions(String baselineModelId, BacktestSummary candidate) {
        var ids = em.createQuery("select b.id from BacktestResultEntity b where b.modelId = :m and b.periodStart = :f"
                        + " and b.periodEnd = :t and b.engineVersion = :e and b.dataSnapshotHash = :d"
                        + " and b.status = 'completed' and b.verified = true order by b.runAt desc", UUID.class)
                .setParameter("m", baselineModelId).setParameter("f", candidate.periodStart())
                .setParameter("t", candidate.periodEnd()).setParameter("e", candidate.engineVersion())
                .setParameter("d", candidate.dataSnapshotHash()).getResultList();
        for (UUID id : ids) {
            BacktestSummary b = store.get(id);
            if (Objects.equals(b.costModel(), candidate.costModel())
                    && Objects.equals(b.thresholds(), candidate.thresholds())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

}
