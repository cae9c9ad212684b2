package co.usdcop.gate.artifacts;

import co.usdcop.gate.common.error.GateException;
import io.smallrye.graphql.api.ErrorCode;

/** An upload exceeded the configured size limit ({@code usdcop.artifacts.max-bytes}). Code {@code TOO_LARGE}, HTTP 413. */
@ErrorCode("TOO_LARGE")
public class ArtifactTooLargeException extends GateException {

    private final long limit;

    public ArtifactTooLargeException(long limit) {
        super("The artifact is larger than the limit of " + limit + " bytes (" + (limit / (1024 * 1024))
                + " MiB); nothing was stored. Upload a smaller file or ask operations to raise"
                + " USDCOP_ARTIFACT_MAX_BYTES.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    @Override
    public String code() {
        return "TOO_LARGE";
    }

    @Override
    public int httpStatus() {
        return 413;
    }
}
