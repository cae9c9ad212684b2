package co.usdcop.gate.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;

/** Builds {@code lineage(modelId)} from all {@link LineageContributor} beans. */
@ApplicationScoped
public class LineageService {

    @Inject
    Instance<LineageContributor> contributors;

    @Transactional(Transactional.TxType.SUPPORTS)
    public LineageGraph lineage(String modelId) {
        return build(modelId, contributors.stream().toList());
    }

    static LineageGraph build(String modelId, List<LineageContributor> all) {
        LineageBuilder graph = new LineageBuilder(modelId);
        all.stream().sorted(Comparator.comparingInt(LineageContributor::order)
                .thenComparing(c -> c.getClass().getName()))
                .forEach(c -> c.contribute(graph));
        return graph.build();
    }
}
