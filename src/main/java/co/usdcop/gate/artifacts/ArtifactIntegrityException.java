package co.usdcop.gate.artifacts;

import co.usdcop.gate.common.error.InternalErrorException;
import io.smallrye.graphql.api.ErrorCode;

/** Stored bytes no longer hash to their address (changed or lost on disk). Code {@code INTERNAL}, HTTP 500. */
@ErrorCode("INTERNAL")
public class ArtifactIntegrityException extends InternalErrorException {

    public ArtifactIntegrityException(String sha256, String detail) {
        super("The stored artifact " + sha256 + " failed its integrity check (" + detail + "); it was not served or"
                + " used. Operations must restore the file from a backup or the artifact must be uploaded again.");
    }
}
