package co.usdcop.gate.common.graphql;

import graphql.execution.AbortExecutionException;
import java.util.Map;

/**
 * A request refused as a whole before or while it runs because of a limit of {@link RequestLimits}; graphql-java
 * answers it as one error whose {@code extensions.code} is {@link #code()} and whose data is null.
 */
public class RequestRefusedException extends AbortExecutionException {

    /** The cost counted exceeds {@link RequestLimits#maxCost()}. */
    public static final String TOO_EXPENSIVE = "TOO_EXPENSIVE";
    /** The caller spent its per-minute budget of expensive fields. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** The service is overloaded (too many requests in flight, or this one waited too long). */
    public static final String TOO_BUSY = "TOO_BUSY";
    /** The answer would exceed {@link RequestLimits#maxResponseBytes()}. */
    public static final String RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";
    /** The request ran past {@link RequestLimits#deadline()}. */
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";

    private final String code;

    public RequestRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return Map.of("code", code);
    }
}
