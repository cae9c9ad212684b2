package co.usdcop.gate.lineage;

import org.eclipse.microprofile.graphql.Description;

@Description("A directed relation between two lineage nodes (ids as in LineageNode.id)")
public record LineageEdge(String from, String to,
        @Description("e.g. uses_dataset, trained, normalizes_with, serialized_as") String relation) {
}
