package co.usdcop.gate.common.error;

import io.smallrye.graphql.api.ErrorCode;

/** Something failed inside the service; nothing was written. The message carries a reference to the log line. GraphQL code {@code INTERNAL}, HTTP 500. */
@ErrorCode("INTERNAL")
public class InternalErrorException extends GateException {

    public InternalErrorException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "INTERNAL";
    }

    @Override
    public int httpStatus() {
        return 500;
    }
}
