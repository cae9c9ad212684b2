package co.usdcop.gate.common.error;

import io.smallrye.graphql.api.ErrorCode;

/** A referenced entity does not exist. GraphQL code {@code NOT_FOUND}, HTTP 404. */
@ErrorCode("NOT_FOUND")
public class NotFoundException extends GateException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "NOT_FOUND";
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
