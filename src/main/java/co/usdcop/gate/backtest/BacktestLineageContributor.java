package co.usdcop.gate.backtest;

import co.usdcop.gate.lineage.LineageBuilder;
import co.usdcop.gate.lineage.LineageContributor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Backtests in a model's lineage: model → backtest (signature as the node's hash) → the feature rows it replayed
 * (data_snapshot_hash). At most {@value #MAX_BACKTESTS} backtests, newest first.
 */
@ApplicationScoped
public class BacktestLineageContributor implements LineageContributor {

    static final int MAX_BACKTESTS = 50;

    @Inject
    EntityManager em;

    @Override
    public int order() {
        return 40;
    }

    @Override
    public void contribute(LineageBuilder graph) {
        List<BacktestResultEntity> rows = em.createQuery("from BacktestResultEntity b where b.modelId = :m"
                        + " and b.status = :completed order by b.runAt desc", BacktestResultEntity.class)
                .setParameter("m", graph.modelId()).setParameter("completed", BacktestStatus.COMPLETED)
                .setMaxResults(MAX_BACKTESTS).getResultList();
        for (BacktestResultEntity b : rows) {
            String label = "Backtest " + b.periodType + " " + b.periodStart + " to " + b.periodEnd
                    + (b.outOfSample ? ", out of sample" : ", in sample") + (b.verified ? ", verified" : ", unverified")
                    + " (" + b.runSource + ")";
            String node = graph.node("backtest", b.id.toString(), b.signature, b.completedAt, label);
            graph.edge(graph.modelNodeId(), node, "backtested_in");
            String data = graph.node("feature_snapshot", b.dataSnapshotHash, b.dataSnapshotHash, null,
                    "Feature rows " + b.periodStart + " to " + b.periodEnd);
            graph.edge(node, data, "replayed");
        }
    }
}
