package co.usdcop.gate.common.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request clashes with the current state (duplicate, already decided, concurrent change); retry or change the input. GraphQL code {@code CONFLICT}, HTTP 409. */
@ErrorCode("CONFLICT")
public class ConflictException extends GateException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "CONFLICT";
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
