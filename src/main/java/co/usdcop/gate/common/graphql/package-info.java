/**
 * GraphQL conventions shared by every feature: the error boundary on each {@code @GraphQLApi} class, the
 * instrumentation that gives parser and validation errors their {@code extensions.code}, and the limits of the read
 * path: request cost and per-user budget of expensive fields ({@link co.usdcop.gate.common.graphql.RequestLimits}),
 * early load shedding ({@link co.usdcop.gate.common.graphql.GraphQLLoadShedder}) and what the resolver of a list
 * field was asked for ({@link co.usdcop.gate.common.graphql.FieldSelection}).
 */
package co.usdcop.gate.common.graphql;
