package co.usdcop.gate.lineage;

/**
 * Implemented by each feature that adds records to a model's lineage (registry, backtests, proposals, votes,
 * production contracts, signals). Make the implementation an {@code @ApplicationScoped} bean in the feature's own
 * package; {@link LineageService} finds it. Contributors run in ascending {@link #order()}; the registry runs first
 * (order 0) and adds the model node, so later ones can link to {@link LineageBuilder#modelNodeId()}.
 */
public interface LineageContributor {

    /** Adds this feature's nodes and edges for {@code graph.modelId()}; read-only, inside a read transaction. */
    void contribute(LineageBuilder graph);

    default int order() {
        return 100;
    }
}
