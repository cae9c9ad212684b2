package co.usdcop.gate.common.error;

import io.smallrye.graphql.api.ErrorCode;

/** The caller must log in or send a bearer token. GraphQL code {@code UNAUTHORIZED}, HTTP 401. */
@ErrorCode("UNAUTHORIZED")
public class AuthenticationRequiredException extends GateException {

    public AuthenticationRequiredException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "UNAUTHORIZED";
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
