package co.usdcop.gate.common.error;

/**
 * Root of the errors a caller can act on. Each subclass carries one GraphQL {@code extensions.code}
 * (through SmallRye's {@code @ErrorCode}) and REST status; the message is shown to the user as written,
 * so it must say what was wrong and what to do, and never contain stack traces or class names.
 */
public abstract class GateException extends RuntimeException {

    protected GateException(String message) {
        super(message, null, false, false);
    }

    /** The value of {@code extensions.code}, e.g. {@code VALIDATION}. */
    public abstract String code();

    /** The HTTP status a REST endpoint answers with for this error. */
    public abstract int httpStatus();
}
