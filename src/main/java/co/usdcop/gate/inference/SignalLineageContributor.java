package co.usdcop.gate.inference;

import co.usdcop.gate.lineage.LineageBuilder;
import co.usdcop.gate.lineage.LineageContributor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Signals in a model's lineage, summarised (a model scores 60 bars a day): one node per contract the model traded
 * under (production rows), one for its shadow rows, each with the count and the latest bar and signal; live and
 * replay rows apart. Production summaries hang off their contract's node, shadow ones off the model. Runs after the
 * promotion contributor, which adds the contract nodes.
 */
@ApplicationScoped
public class SignalLineageContributor implements LineageContributor {

    @Inject
    EntityManager em;

    @Override
    public int order() {
        return 300;
    }

    @Override
    public void contribute(LineageBuilder graph) {
        List<?> rows = em.createNativeQuery("""
                select s.contract_id, s.shadow, s.replay, count(*), max(s.ts),
                       (select l.signal from signals l where l.model_id = s.model_id and l.shadow = s.shadow
                          and l.replay = s.replay and l.contract_id is not distinct from s.contract_id
                        order by l.ts desc limit 1)
                from signals s where s.model_id = ?1
                group by s.model_id, s.contract_id, s.shadow, s.replay
                order by max(s.ts) desc""").setParameter(1, graph.modelId()).getResultList();
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            Long contract = row[0] == null ? null : ((Number) row[0]).longValue();
            boolean shadow = (Boolean) row[1];
            boolean replay = (Boolean) row[2];
            long count = ((Number) row[3]).longValue();
            Instant latest = row[4] instanceof Timestamp t ? t.toInstant() : (Instant) row[4];
            int signal = ((Number) row[5]).intValue();
            String kind = (shadow ? "shadow" : "production") + (replay ? " replay" : "");
            String ref = graph.modelId() + ":" + (contract == null ? "shadow" : "contract-" + contract)
                    + (replay ? ":replay" : "");
            String label = count + " " + kind + " signal(s)" + (contract == null ? "" : " under contract " + contract)
                    + ", latest bar " + latest + " signal " + signal;
            String node = graph.node("signals", ref, null, latest, label);
            String contractNode = contract == null ? null : LineageBuilder.nodeId("production_contract",
                    String.valueOf(contract));
            if (contractNode != null && graph.hasNode(contractNode)) {
                graph.edge(contractNode, node, "signalled");
            } else {
                graph.edge(graph.modelNodeId(), node, shadow ? "scored_in_shadow" : "signalled");
            }
        }
    }
}
