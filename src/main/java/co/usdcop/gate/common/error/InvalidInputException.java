package co.usdcop.gate.common.error;

import io.smallrye.graphql.api.ErrorCode;

/** The input breaks a rule; the message names the field and the rule. GraphQL code {@code VALIDATION}, HTTP 400. */
@ErrorCode("VALIDATION")
public class InvalidInputException extends GateException {

    public InvalidInputException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "VALIDATION";
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
