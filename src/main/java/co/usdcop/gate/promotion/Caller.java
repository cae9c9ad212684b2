package co.usdcop.gate.promotion;

import co.usdcop.gate.security.CurrentUser;
import java.util.Set;

/** Who acts on a proposal: OIDC subject, name, e-mail and roles ({@code system} for scheduled work). */
public record Caller(String subject, String name, String email, Set<String> roles) {

    public static final Caller SYSTEM = new Caller(CurrentUser.SYSTEM, CurrentUser.SYSTEM, null, Set.of());

    public static Caller of(CurrentUser u) {
        return new Caller(u.subject(), u.name(), u.email(), u.roles());
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
