/**
 * The error hierarchy every feature throws: one class per {@code extensions.code}
 * ({@code VALIDATION, NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHORIZED, INTERNAL}).
 * Throw these from services; {@link co.usdcop.gate.common.graphql.GraphQLErrorBoundary} maps everything else
 * (security, optimistic locking, constraint violations, bugs) onto them in one place.
 */
package co.usdcop.gate.common.error;
