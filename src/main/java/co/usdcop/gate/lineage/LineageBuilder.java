package co.usdcop.gate.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates one model's lineage. Node ids are {@code <kind>:<ref>}, so contributors can link to nodes added by
 * others without sharing objects (e.g. a backtest contributor links {@link #modelNodeId()} to its backtest node).
 * Adding a node twice keeps the first; duplicate edges are dropped; an edge to an unknown node is refused.
 */
public final class LineageBuilder {

    private final String modelId;
    private final Map<String, LineageNode> nodes = new LinkedHashMap<>();
    private final Set<LineageEdge> edges = new LinkedHashSet<>();

    public LineageBuilder(String modelId) {
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }

    /** Id of the model's own node (added by the registry contributor). */
    public String modelNodeId() {
        return nodeId("model", modelId);
    }

    public static String nodeId(String kind, String ref) {
        return kind + ":" + ref;
    }

    /** Adds a node and returns its id. */
    public String node(String kind, String ref, String hash, Instant createdAt, String label) {
        String id = nodeId(kind, ref);
        nodes.putIfAbsent(id, new LineageNode(kind, id, ref, hash, createdAt, label));
        return id;
    }

    public boolean hasNode(String id) {
        return nodes.containsKey(id);
    }

    public void edge(String from, String to, String relation) {
        if (!nodes.containsKey(from) || !nodes.containsKey(to)) {
            throw new IllegalArgumentException("lineage edge " + from + " -> " + to + " refers to a node not added");
        }
        edges.add(new LineageEdge(from, to, relation));
    }

    public LineageGraph build() {
        return new LineageGraph(modelId, List.copyOf(nodes.values()), new ArrayList<>(edges));
    }
}
