package co.usdcop.gate.common.graphql;

import graphql.schema.GraphQLSchema;
import io.quarkus.arc.Unremovable;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.schema.model.Schema;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts {@link SyntaxCheckedExecutionService} in place of the execution service SmallRye produces, so that the
 * HTTP handler and the WebSocket handlers (which look it up through CDI) share it. Built on SmallRye's own schema
 * beans, once, after SmallRye initialised them at start-up.
 */
@Singleton
class ExecutionServiceProducer {

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    @Unremovable // looked up programmatically by SmallRye's handlers
    ExecutionService syntaxChecked(GraphQLSchema graphQLSchema, Schema schema,
            @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens", defaultValue = "15000") int maxTokens) {
        return new SyntaxCheckedExecutionService(graphQLSchema, schema, maxTokens);
    }
}
