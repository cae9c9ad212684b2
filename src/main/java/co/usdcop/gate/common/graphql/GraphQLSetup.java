package co.usdcop.gate.common.graphql;

import co.usdcop.gate.common.error.AuthenticationRequiredException;
import co.usdcop.gate.common.error.PermissionDeniedException;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.introspection.Introspection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.graphql.execution.error.ErrorInfoMap;
import io.smallrye.graphql.schema.model.ErrorInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the error conventions into SmallRye GraphQL: security exceptions raised before an operation is invoked
 * get the upper-case codes, and {@link RequestLimitsInstrumentation} and {@link ErrorCodeInstrumentation} are appended
 * to the instrumentation chain SmallRye built (depth, complexity, query cache), which the builder does not expose
 * otherwise.
 */
@ApplicationScoped
public class GraphQLSetup {

    @Inject
    RequestLimits limits;

    @Inject
    ExpensiveCallBudget budget;

    /**
     * Whether clients may introspect the schema ({@code usdcop.graphql.introspection}; off in prod). Checked once per
     * request by graphql-java, where a field-visibility filter matched a pattern against every field of every answer.
     */
    @ConfigProperty(name = "usdcop.graphql.introspection", defaultValue = "true")
    boolean introspection;

    void applyIntrospection(@Observes StartupEvent event) {
        Introspection.enabledJvmWide(introspection);
    }

    void registerSecurityCodes(@Observes StartupEvent event) {
        ErrorInfoMap.register(Map.of(
                io.quarkus.security.UnauthorizedException.class.getName(),
                new ErrorInfo(io.quarkus.security.UnauthorizedException.class.getName(), "UNAUTHORIZED"),
                io.quarkus.security.AuthenticationFailedException.class.getName(),
                new ErrorInfo(io.quarkus.security.AuthenticationFailedException.class.getName(), "UNAUTHORIZED"),
                io.quarkus.security.ForbiddenException.class.getName(),
                new ErrorInfo(io.quarkus.security.ForbiddenException.class.getName(), "FORBIDDEN"),
                AuthenticationRequiredException.class.getName(),
                new ErrorInfo(AuthenticationRequiredException.class.getName(), "UNAUTHORIZED"),
                PermissionDeniedException.class.getName(),
                new ErrorInfo(PermissionDeniedException.class.getName(), "FORBIDDEN")));
    }

    GraphQL.Builder addErrorCodes(@Observes GraphQL.Builder builder) {
        try {
            Field field = GraphQL.Builder.class.getDeclaredField("instrumentation");
            field.setAccessible(true);
            Instrumentation existing = (Instrumentation) field.get(builder);
            // one flat chain: a chain nested in a chain costs a second walk and list per field of every answer
            List<Instrumentation> chain = new ArrayList<>();
            if (existing instanceof ChainedInstrumentation chained) {
                chain.addAll(chained.getInstrumentations());
            } else if (existing != null) {
                chain.add(existing);
            }
            chain.add(new RequestLimitsInstrumentation(limits, budget));
            chain.add(new ErrorCodeInstrumentation());
            builder.instrumentation(new ChainedInstrumentation(chain));
            return builder;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot install the GraphQL error-code instrumentation", e);
        }
    }
}
