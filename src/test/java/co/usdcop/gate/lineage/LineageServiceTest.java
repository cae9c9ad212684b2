package co.usdcop.gate.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contributors compose in order, link to each other's nodes by id, and cannot link to nodes that do not exist. */
class LineageServiceTest {

    record Fake(int order, java.util.function.Consumer<LineageBuilder> body) implements LineageContributor {
        @Override
        public void contribute(LineageBuilder graph) {
            body.accept(graph);
        }
    }

    @Test
    void laterContributorsLinkToTheModelNodeWhateverTheirRegistrationOrder() {
        LineageContributor backtests = new Fake(100, g -> {
            String bt = g.node("backtest", "b-1", "sig", Instant.EPOCH, "Backtest");
            g.edge(g.modelNodeId(), bt, "backtested_by");
        });
        LineageContributor registry = new Fake(0, g -> g.node("model", g.modelId(), "h", Instant.EPOCH, "Model"));
        LineageGraph graph = LineageService.build("m-1", List.of(backtests, registry));
        assertEquals(List.of("model:m-1", "backtest:b-1"), graph.nodes().stream().map(LineageNode::id).toList());
        assertEquals(List.of(new LineageEdge("model:m-1", "backtest:b-1", "backtested_by")), graph.edges());
    }

    @Test
    void duplicateNodesAndEdgesCollapseAndDanglingEdgesAreRefused() {
        LineageBuilder b = new LineageBuilder("m");
        String a = b.node("x", "1", null, null, "first");
        b.node("x", "1", null, null, "second");
        String c = b.node("y", "2", null, null, "y");
        b.edge(a, c, "r");
        b.edge(a, c, "r");
        LineageGraph g = b.build();
        assertEquals(2, g.nodes().size());
        assertEquals("first", g.nodes().get(0).label());
        assertEquals(1, g.edges().size());
        assertThrows(IllegalArgumentException.class, () -> b.edge(a, "z:3", "r"));
    }
}
