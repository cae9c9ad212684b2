package co.usdcop.gate.inference;

import co.usdcop.gate.lineage.LineageBuilder;
import co.usdcop.gate.lineage.LineageContributor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Signals in a model's lineage, summarised (a model scores 60 bars a day): one node per contract the model traded
 * under (production rows), one for its shadow rows, each with the count and the latest bar and signal; live and
 * replay rows apart. Production summaries hang off their contract's node, shadow ones off the model. Runs after the
 * promotion contributor, which adds the contract nodes.
 */
@ApplicationScoped
public class SignalLineageContributor implements LineageContributor {

    @Inject
    SignalStore signals;

    @Override
    public int order() {
        return 300;
    }

    @Override
    public void contribute(LineageBuilder graph) {
        for (SignalStore.Summary s : signals.summaries(graph.modelId())) {
            Long contract = s.contractId();
            boolean shadow = s.shadow();
            boolean replay = s.replay();
            long count = s.count();
            Instant latest = s.latestTs();
            int signal = s.latestSignal();
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
