package co.usdcop.gate.common.graphql;

import co.usdcop.gate.common.error.ErrorTranslator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.sql.SQLException;
import org.eclipse.microprofile.graphql.Query;
import org.jboss.logging.Logger;

/**
 * Outermost interceptor of the GraphQL operations: translates every failure through {@link ErrorTranslator}.
 * A query (a read, so safe to repeat) that failed on a pooled connection the database had closed (a restart, a
 * terminated backend) is run once more before it fails: the pool validates connections, but one that died after its
 * last validation is only noticed when used. Mutations are never repeated.
 */
@GraphQLErrorBoundary
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class GraphQLErrorBoundaryInterceptor {

    private static final Logger LOG = Logger.getLogger(GraphQLErrorBoundaryInterceptor.class);

    @Inject
    ErrorTranslator translator;

    @Inject
    AgroalDataSource dataSource;

    @AroundInvoke
    Object translate(InvocationContext ctx) throws Exception {
        try {
            return ctx.proceed();
        } catch (Throwable failure) {
            if (ctx.getMethod().isAnnotationPresent(Query.class) && isLostConnection(failure)) {
                LOG.warnf("query %s lost its database connection (%s); running it again",
                        ctx.getMethod().getName(), failure.getMessage());
                return rerun(ctx, failure);
            }
            throw translator.translate(failure, ctx.getMethod());
        }
    }

    /**
     * Runs a read again after its connection was lost: the other pooled connections died with it (a database restart
     * ends them all), so the pool is asked to drop the idle ones that fail validation (it does so in the background),
     * and the query runs in a transaction of its own (the request's session may still hold the dead connection), up to
     * {@value #RERUNS} times while it keeps meeting dead connections.
     */
    private Object rerun(InvocationContext ctx, Throwable failure) {
        dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        Throwable last = failure;
        for (int attempt = 1; attempt <= RERUNS && isLostConnection(last); attempt++) {
            try {
                Thread.sleep(50L * attempt);
                return QuarkusTransaction.requiringNew().call(ctx::proceed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable again) {
                last = again;
            }
        }
        throw translator.translate(last, ctx.getMethod());
    }

    /** Re-runs of a read that lost its connection. */
    static final int RERUNS = 3;

    /** SQLSTATE class 08 (connection exception) or 57P01..57P03 (the server shut the session down) in the causes. */
    static boolean isLostConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
