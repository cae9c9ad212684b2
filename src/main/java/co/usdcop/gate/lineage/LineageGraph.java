package co.usdcop.gate.lineage;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;

@Description("Where a model came from and what was done with it")
public record LineageGraph(String modelId, List<LineageNode> nodes, List<LineageEdge> edges) {
}
