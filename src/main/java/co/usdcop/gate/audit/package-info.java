/**
 * The append-only, hash-chained audit log ({@code approval_audit_log}). Features write through
 * {@link co.usdcop.gate.audit.AuditLog} only, with an action named in {@link co.usdcop.gate.audit.AuditActions};
 * {@link co.usdcop.gate.audit.AuditChain} holds the hash rule (HMAC-SHA256 keyed by
 * {@link co.usdcop.gate.audit.AuditKeys}, a secret outside the database); {@link co.usdcop.gate.audit.AuditAnchors}
 * anchors the head in a file and the log; {@link co.usdcop.gate.audit.AuditService} pages and verifies. The database
 * refuses UPDATE, DELETE and TRUNCATE, and the service's role may only SELECT and INSERT there.
 */
package co.usdcop.gate.audit;
