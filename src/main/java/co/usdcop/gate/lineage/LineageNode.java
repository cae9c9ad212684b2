package co.usdcop.gate.lineage;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("A record in a model's lineage")
public record LineageNode(
        @Description("experiment, dataset, model, norm_stats, onnx, backtest, proposal, ...") String kind,
        @Description("Unique in the graph: <kind>:<ref>; edges refer to it") String id,
        @Description("The record's own id (model id, contract id, hash, uuid)") String ref,
        @Description("The content hash that pins the record, if any") String hash,
        Instant createdAt,
        @Description("Short human-readable description") String label) {
}
