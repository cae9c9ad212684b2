package co.usdcop.gate.common.graphql;

import co.usdcop.gate.common.Page;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Bounds what one GraphQL request costs the service, before and while it runs.
 * <ul>
 *   <li><b>Cost</b>, counted on the document before anything runs: every field occurrence (so every alias) costs its
 *       weight ({@link RequestLimits#fieldCost()}, else 1) times the page sizes above it (each enclosing field with a
 *       {@code limit} argument multiplies by that limit, {@link Page#DEFAULT_LIMIT} when absent, at most
 *       {@link Page#MAX_LIMIT}). {@code backtests(limit: 20) { items { id equityCurve { ts } } }} costs
 *       1 + 20 × (1 + 1 + w(equityCurve) + 1). Over {@link RequestLimits#maxCost()} → {@code TOO_EXPENSIVE}.</li>
 *   <li><b>Expensive work per user</b>: the part of the cost spent on weighted fields is charged to the caller's
 *       {@link ExpensiveCallBudget}; an empty budget → {@code RATE_LIMITED}.</li>
 *   <li><b>Time</b>: a request that waited over {@link RequestLimits#maxQueueWait()} for a worker, or whose client has
 *       gone, is dropped with {@code TOO_BUSY}; fields fetched after {@link RequestLimits#deadline()} (from arrival)
 *       fail with {@code DEADLINE_EXCEEDED}.</li>
 *   <li><b>Size</b>: an answer estimated over {@link RequestLimits#maxResponseBytes()} is replaced by
 *       {@code RESPONSE_TOO_LARGE}.</li>
 * </ul>
 */
public class RequestLimitsInstrumentation extends SimplePerformantInstrumentation {

    private final RequestLimits limits;
    private final ExpensiveCallBudget budget;

    public RequestLimitsInstrumentation(RequestLimits limits, ExpensiveCallBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** When the request arrived and where its HTTP exchange is (null over WebSocket). */
    private record State(long arrivedNanos, RoutingContext http) implements InstrumentationState {
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        RoutingContext http = currentHttp();
        Long arrived = http == null ? null : http.get(GraphQLLoadShedder.ARRIVED_NANOS);
        return new State(arrived == null ? System.nanoTime() : arrived, http);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        State s = (State) state;
        if (s.http() != null && s.http().response().closed()) {
            throw new RequestRefusedException(RequestRefusedException.TOO_BUSY, "The client has gone.");
        }
        if (System.nanoTime() - s.arrivedNanos() > limits.maxQueueWait().toNanos()) {
            throw new RequestRefusedException(RequestRefusedException.TOO_BUSY,
                    "The service is busy and this request waited too long; retry in a moment.");
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        var ctx = parameters.getExecutionContext();
        Cost cost = new Cost();
        QueryTraverser.newQueryTraverser().schema(ctx.getGraphQLSchema()).document(ctx.getDocument())
                .operationName(ctx.getOperationDefinition().getName()).coercedVariables(ctx.getCoercedVariables())
                .build().visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment env) {
                        if (!env.isTypeNameIntrospectionField()) {
                            cost.add(env, limits.fieldCost());
                        }
                    }
                });
        if (cost.total > limits.maxCost()) {
            throw new RequestRefusedException(RequestRefusedException.TOO_EXPENSIVE, "This request costs "
                    + cost.total + ", more than the " + limits.maxCost() + " one request may cost (each field counts"
                    + " once per alias and per item of the pages around it): ask for smaller pages or fewer fields.");
        }
        String user = user();
        if (cost.expensive > 0 && user != null && !budget.tryCharge(user, cost.expensive)) {
            throw new RequestRefusedException(RequestRefusedException.RATE_LIMITED, "You have used your budget of "
                    + limits.expensivePerUserPerMinute() + " expensive units per minute (this request needs "
                    + cost.expensive + "); wait a minute and retry.");
        }
        return SimpleInstrumentationContext.noOp();
    }

    /** The cost of a document: all fields, and the part spent on weighted (expensive) fields. */
    private static final class Cost {
        long total;
        long expensive;

        void add(QueryVisitorFieldEnvironment env, Map<String, Integer> weights) {
            Integer weight = weights.get(env.getFieldDefinition().getName());
            long multiplier = 1;
            for (QueryVisitorFieldEnvironment p = env.getParentEnvironment(); p != null; p = p.getParentEnvironment()) {
                if (p.getFieldDefinition().getArgument("limit") != null) {
                    Object limit = p.getArguments().get("limit");
                    int size = limit instanceof Number n ? n.intValue() : Page.DEFAULT_LIMIT;
                    multiplier *= Math.max(1, Math.min(size, Page.MAX_LIMIT));
                }
            }
            long c = (weight == null ? 1 : weight) * multiplier;
            total += c;
            if (weight != null) {
                expensive += c;
            }
        }
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return fetcher;
        }
        long deadline = ((State) state).arrivedNanos() + limits.deadline().toNanos();
        return env -> {
            if (System.nanoTime() > deadline) {
                return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env)
                        .message("The request ran past its deadline of " + limits.deadline().toSeconds()
                                + " s; ask for less at once.")
                        .extensions(Map.of("code", RequestRefusedException.DEADLINE_EXCEEDED)).build()).build();
            }
            return fetcher.get(env);
        };
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        GraphQLLoadShedder.release(((State) state).http());
        long size = estimatedBytes(result.getData(), limits.maxResponseBytes());
        if (size <= limits.maxResponseBytes()) {
            return CompletableFuture.completedFuture(result);
        }
        RequestRefusedException tooLarge = new RequestRefusedException(RequestRefusedException.RESPONSE_TOO_LARGE,
                "The answer would be larger than " + limits.maxResponseBytes() + " bytes; ask for smaller pages,"
                        + " fewer points (maxPoints) or use the CSV downloads.");
        return CompletableFuture.completedFuture(tooLarge.toExecutionResult());
    }

    /** JSON size of a result, roughly (keys, strings, 8 per scalar, punctuation); stops counting past {@code cap}. */
    static long estimatedBytes(Object value, long cap) {
        if (value instanceof Map<?, ?> map) {
            long n = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += String.valueOf(e.getKey()).length() + 4 + estimatedBytes(e.getValue(), cap - n);
                if (n > cap) {
                    return n;
                }
            }
            return n;
        }
        if (value instanceof List<?> list) {
            long n = 2;
            for (Object item : list) {
                n += 1 + estimatedBytes(item, cap - n);
                if (n > cap) {
                    return n;
                }
            }
            return n;
        }
        if (value instanceof CharSequence s) {
            return s.length() + 2L;
        }
        return 8;
    }

    private static RoutingContext currentHttp() {
        InstanceHandle<CurrentVertxRequest> request = Arc.container().instance(CurrentVertxRequest.class);
        return request.isAvailable() ? request.get().getCurrent() : null;
    }

    private static String user() {
        InstanceHandle<SecurityIdentity> identity = Arc.container().instance(SecurityIdentity.class);
        if (!identity.isAvailable()) {
            return null;
        }
        SecurityIdentity id = identity.get();
        return id.isAnonymous() ? null : id.getPrincipal().getName();
    }
}
