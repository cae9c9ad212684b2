package co.usdcop.gate.common.error;

import io.smallrye.graphql.api.ErrorCode;

/** The caller is authenticated but may not do this. GraphQL code {@code FORBIDDEN}, HTTP 403. */
@ErrorCode("FORBIDDEN")
public class PermissionDeniedException extends GateException {

    public PermissionDeniedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "FORBIDDEN";
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
