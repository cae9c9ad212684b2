package co.usdcop.gate.common.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;

/** What the client selected under the GraphQL field being resolved on this thread, so work can skip the rest. */
public final class FieldSelection {

    private FieldSelection() {
    }

    /**
     * False only when a GraphQL field whose type name starts with {@code typePrefix} is being resolved and its
     * selection lacks {@code field}; true outside GraphQL and for fields of other types (a Java caller gets it all).
     */
    public static boolean selects(String typePrefix, String field) {
        SmallRyeContext context = SmallRyeContextManager.getCurrentSmallRyeContext();
        DataFetchingEnvironment env = context == null ? null : context.unwrap(DataFetchingEnvironment.class);
        if (env == null) {
            return true;
        }
        GraphQLType type = GraphQLTypeUtil.unwrapAll(env.getFieldType());
        if (!(type instanceof GraphQLNamedType named) || !named.getName().startsWith(typePrefix)) {
            return true;
        }
        return env.getSelectionSet().contains(field);
    }
}
