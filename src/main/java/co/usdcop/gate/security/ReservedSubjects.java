package co.usdcop.gate.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses any token whose subject lies in the service's own namespace ({@link CurrentUser#RESERVED_PREFIX}), so the
 * identity recorded for automatic actions ({@link CurrentUser#SYSTEM}) can never be carried by a caller.
 */
@ApplicationScoped
public class ReservedSubjects implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous()) {
            String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                    ? jwt.getSubject() : identity.getPrincipal().getName();
            if (subject != null && subject.startsWith(CurrentUser.RESERVED_PREFIX)) {
                return Uni.createFrom().failure(new AuthenticationFailedException(
                        "token subject in the reserved namespace " + CurrentUser.RESERVED_PREFIX));
            }
        }
        return Uni.createFrom().item(identity);
    }
}
