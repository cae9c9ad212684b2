/**
 * The error hierarchy every feature throws: one class per {@code extensions.code}
 * ({@code VALIDATION, NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHORIZED, INTERNAL}), all under {@link
 * co.usdcop.gate.common.error.GateException}. Throw these from services; {@link
 * co.usdcop.gate.common.error.ErrorTranslator} maps everything else (security, optimistic locking, constraint
 * violations, bugs) onto them in one place, and {@code common.graphql} applies it at the GraphQL boundary.
 */
package co.usdcop.gate.common.error;
