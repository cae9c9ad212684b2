/**
 * Who may do what. Authentication is OIDC (quarkus-oidc, hybrid: authorization-code sessions for the dashboard,
 * bearer tokens for scripts); authorisation is declared on each GraphQL operation with {@code @RolesAllowed} /
 * {@code @Authenticated} using {@link co.usdcop.gate.security.Roles}. {@link co.usdcop.gate.security.CurrentUser}
 * gives services the caller, client IP (the connection's, or a trusted proxy's forwarded one) and user agent.
 * Transport defences: {@link co.usdcop.gate.security.OriginGuard} (cross-site requests),
 * {@link co.usdcop.gate.security.TransportSecurityErrors} and {@link co.usdcop.gate.security.RestSecurityErrors}
 * (coded refusals), {@link co.usdcop.gate.security.ReservedSubjects} (the service's own identity). Threat model:
 * {@code docs/security.md}.
 */
package co.usdcop.gate.security;
