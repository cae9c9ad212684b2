/**
 * GraphQL conventions shared by every feature: the error boundary on each {@code @GraphQLApi} class and the
 * instrumentation that gives parser and validation errors their {@code extensions.code}.
 */
package co.usdcop.gate.common.graphql;
