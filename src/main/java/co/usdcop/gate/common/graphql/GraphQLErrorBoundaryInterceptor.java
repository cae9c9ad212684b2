package co.usdcop.gate.common.graphql;

import co.usdcop.gate.common.error.ErrorTranslator;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Outermost interceptor of the GraphQL operations: translates every failure through {@link ErrorTranslator}. */
@GraphQLErrorBoundary
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class GraphQLErrorBoundaryInterceptor {

    @Inject
    ErrorTranslator translator;

    @AroundInvoke
    Object translate(InvocationContext ctx) throws Exception {
        try {
            return ctx.proceed();
        } catch (Throwable failure) {
            throw translator.translate(failure, ctx.getMethod());
        }
    }
}
