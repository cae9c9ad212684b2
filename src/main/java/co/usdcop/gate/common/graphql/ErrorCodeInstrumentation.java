package co.usdcop.gate.common.graphql;

import graphql.ErrorClassification;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives the errors graphql-java raises before any operation runs (syntax, validation, depth, complexity and
 * token limits) an {@code extensions.code} of {@code VALIDATION}, so that every error a client sees has a code.
 * Errors thrown by operations already carry theirs and are left alone.
 */
public class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.getErrors().isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        List<GraphQLError> errors = result.getErrors().stream().map(ErrorCodeInstrumentation::withCode).toList();
        return CompletableFuture.completedFuture(result.transform(b -> b.errors(errors)));
    }

    private static GraphQLError withCode(GraphQLError error) {
        if (error instanceof ExceptionWhileDataFetching) {
            return error;
        }
        Map<String, Object> extensions = error.getExtensions() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(error.getExtensions());
        if (extensions.containsKey("code")) {
            return error;
        }
        extensions.put("code", "VALIDATION");
        ErrorClassification type = error.getErrorType();
        if (type != null) {
            extensions.put("classification", type.toString());
        }
        return GraphqlErrorBuilder.newError()
                .message(clean(error.getMessage()))
                .locations(error.getLocations())
                .path(error.getPath())
                .errorType(type)
                .extensions(extensions)
                .build();
    }

    /** graphql-java prefixes messages with its class-like error names; keep the human part. */
    private static String clean(String message) {
        if (message == null) {
            return "Invalid request";
        }
        return message.replaceFirst("^Validation error \\(([A-Za-z]+)[^)]*\\)\\s*:?\\s*", "Invalid query ($1): ");
    }
}
