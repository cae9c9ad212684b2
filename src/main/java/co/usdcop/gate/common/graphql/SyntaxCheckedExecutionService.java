package co.usdcop.gate.common.graphql;

import graphql.ExecutionResultImpl;
import graphql.GraphqlErrorBuilder;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.schema.model.Schema;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * SmallRye's execution service with the document syntax check in front of it, for the requests that do not pass
 * {@link GraphQLSyntaxGuard}: subscriptions and queries sent over the WebSocket. A document that does not parse
 * (or has no query) is answered through the transport's own writer with a {@code VALIDATION} error carrying the
 * parser's explanation, as on HTTP, instead of SmallRye's uncoded "Unparseable input document".
 */
class SyntaxCheckedExecutionService extends ExecutionService {

    private final int maxTokens;

    SyntaxCheckedExecutionService(GraphQLSchema graphQLSchema, Schema schema, int maxTokens) {
        super(graphQLSchema, schema);
        this.maxTokens = maxTokens;
    }

    @Override
    public void execute(JsonObject input, Map<String, Object> context, ExecutionResponseWriter writer, boolean async) {
        JsonValue query = input == null ? null : input.get("query");
        String problem = query instanceof JsonString text ? DocumentSyntax.problem(text.getString(), maxTokens)
                : "'query' must be a string holding the GraphQL document.";
        if (problem != null) {
            writer.write(new ExecutionResponse(ExecutionResultImpl.newExecutionResult()
                    .addError(GraphqlErrorBuilder.newError().message(problem)
                            .extensions(Map.of("code", "VALIDATION", "classification", "InvalidSyntax")).build())
                    .build()));
            return;
        }
        super.execute(input, context, writer, async);
    }
}
