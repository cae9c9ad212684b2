package co.usdcop.gate.security;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;

@Description("The logged-in user as the service sees them")
public record Me(
        @Description("OIDC subject (stable id)") String subject,
        @Description("Display name") String name,
        @Description("E-mail, when the token carries one") String email,
        @Description("Roles from the token's groups claim") List<String> roles) {
}
