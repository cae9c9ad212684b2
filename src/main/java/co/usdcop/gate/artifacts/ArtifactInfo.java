package co.usdcop.gate.artifacts;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

/** What the API says about an artifact (REST upload answer and GraphQL type). */
@Description("A content-addressed artifact: ONNX policy, norm stats, dataset manifest")
public record ArtifactInfo(
        @Description("SHA-256 of the bytes (lower-case hex); the artifact's address") String sha256,
        @Description("Size in bytes") long size,
        @Description("onnx, norm_stats, dataset or other") String kind,
        @Description("Media type given at upload") String mediaType,
        @Description("Who uploaded it first (OIDC subject)") String createdBy,
        @Description("When it was first uploaded") Instant createdAt,
        @Description("True if this call stored it; false if the same bytes were already there") boolean created) {

    public static ArtifactInfo of(Artifact a, boolean created) {
        return new ArtifactInfo(a.sha256, a.size, a.kind, a.mediaType, a.createdBy, a.createdAt, created);
    }
}
