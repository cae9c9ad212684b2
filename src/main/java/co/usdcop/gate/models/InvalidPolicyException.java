package co.usdcop.gate.models;

import co.usdcop.gate.common.error.InvalidInputException;
import io.smallrye.graphql.api.ErrorCode;

/**
 * An ONNX policy file was refused: its bytes do not match the expected hash, ONNX Runtime cannot load it, it carries
 * external data or custom operators, or its input/output do not match the feature contract. Code {@code VALIDATION}; {@link #problem()} tells which check
 * failed so callers (registration, inference) can react without parsing the message.
 */
@ErrorCode("VALIDATION")
public class InvalidPolicyException extends InvalidInputException {

    public enum Problem {
        HASH_MISMATCH, NOT_LOADABLE, BAD_INPUT, BAD_OUTPUT,
        /** External data or an operator outside the default domain (see {@link co.usdcop.gate.models.OnnxModelScan}). */
        FORBIDDEN_CONTENT
    }

    private final Problem problem;

    public InvalidPolicyException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
