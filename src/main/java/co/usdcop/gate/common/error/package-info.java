/**
 * The error hierarchy every feature throws: one class per {@code extensions.code} of a refused operation
 * ({@code VALIDATION, NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHORIZED, INTERNAL}), all under {@link
 * co.usdcop.gate.common.error.GateException}. Throw these from services; {@link
 * co.usdcop.gate.common.error.ErrorTranslator} maps everything else onto them in one place: security exceptions,
 * optimistic locking, database refusals by SQLSTATE (unique key CONFLICT, foreign key NOT_FOUND, check or bad value
 * VALIDATION, deadlock and serialization failure CONFLICT to retry, privilege and trigger refusals) and, for anything
 * else, INTERNAL with a reference logged. It is applied at the GraphQL boundary ({@code common.graphql}), by the REST
 * resources (artifacts, CSV uploads and downloads) and when refusals are audited ({@code audit.AuditRefusals}).
 * Refusals of a whole GraphQL request by its limits (TOO_EXPENSIVE, RATE_LIMITED, TOO_BUSY, RESPONSE_TOO_LARGE,
 * DEADLINE_EXCEEDED) are not operation errors: see {@code common.graphql.RequestRefusedException}.
 */
package co.usdcop.gate.common.error;
