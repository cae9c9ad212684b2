/**
 * The append-only, hash-chained audit log ({@code approval_audit_log}). Features write through
 * {@link co.usdcop.gate.audit.AuditLog} only; {@link co.usdcop.gate.audit.AuditChain} holds the hash rule;
 * {@link co.usdcop.gate.audit.AuditService} pages and verifies. The database refuses UPDATE, DELETE and TRUNCATE.
 */
package co.usdcop.gate.audit;
