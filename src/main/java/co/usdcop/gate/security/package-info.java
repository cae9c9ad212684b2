/**
 * Who may do what. Authentication is OIDC (quarkus-oidc, hybrid: authorization-code sessions for the dashboard,
 * bearer tokens for scripts); authorisation is declared on each GraphQL operation with {@code @RolesAllowed} /
 * {@code @Authenticated} using {@link co.usdcop.gate.security.Roles}. {@link co.usdcop.gate.security.CurrentUser}
 * gives services the caller, client IP and user agent.
 */
package co.usdcop.gate.security;
