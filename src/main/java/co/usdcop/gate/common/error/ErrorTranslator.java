package co.usdcop.gate.common.error;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;

/**
 * The one place where failures become user-facing errors. Known business errors pass through; security,
 * optimistic-locking and constraint failures get their code; anything else is logged with a reference and
 * shown as {@code INTERNAL} without internals.
 */
@ApplicationScoped
public class ErrorTranslator {

    private static final Logger LOG = Logger.getLogger(ErrorTranslator.class);

    @Inject
    SecurityIdentity identity;

    public GateException translate(Throwable failure, Method operation) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GateException known) {
                return known;
            }
            if (t instanceof UnauthorizedException || t instanceof AuthenticationFailedException) {
                return new AuthenticationRequiredException(
                        "You are not logged in: sign in on the dashboard or send 'Authorization: Bearer <token>'.");
            }
            if (t instanceof ForbiddenException) {
                return new PermissionDeniedException(forbiddenMessage(operation));
            }
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return new ConflictException(
                        "Someone changed this record at the same time; nothing was written. Reload it and try again.");
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                GateException mapped = fromSqlState(sql);
                if (mapped != null) {
                    return mapped;
                }
            }
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(failure, "Unexpected failure in %s (ref %s)", operation == null ? "?" : operation.getName(), reference);
        return new InternalErrorException("Internal error (ref " + reference
                + "); nothing was written. Operations can find the details in the service log under this reference.");
    }

    private String forbiddenMessage(Method operation) {
        String roles = identity == null || identity.isAnonymous() ? "none" : String.join(", ", identity.getRoles());
        RolesAllowed allowed = operation == null ? null : operation.getAnnotation(RolesAllowed.class);
        if (allowed == null && operation != null) {
            allowed = operation.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        String needed = allowed == null ? "a different role" : "one of the roles " + Arrays.toString(allowed.value());
        return "Your roles (" + roles + ") do not allow '" + (operation == null ? "this operation" : operation.getName())
                + "'; it needs " + needed + ".";
    }

    /**
     * Database refusals that are the caller's doing: unique keys, checks, foreign keys, trigger refusals
     * ({@code insufficient_privilege} from a rule such as four eyes is FORBIDDEN, other trigger refusals CONFLICT).
     */
    private static GateException fromSqlState(SQLException sql) {
        String state = sql.getSQLState();
        String detail = serverMessage(sql);
        return switch (state) {
            case "23505" -> new ConflictException("Already exists: " + detail);
            case "23503" -> new NotFoundException("A referenced record does not exist: " + detail);
            case "23514", "23502", "22P02", "22003" -> new InvalidInputException("Rejected by the database: " + detail);
            case "40001", "40P01" -> new ConflictException("A concurrent change won; nothing was written. Try again.");
            case "42501" -> new PermissionDeniedException(detail);
            case "P0001" -> new ConflictException(detail);
            default -> null;
        };
    }

    private static String serverMessage(SQLException sql) {
        String message = sql.getMessage() == null ? "" : sql.getMessage();
        int newline = message.indexOf('\n');
        message = newline > 0 ? message.substring(0, newline) : message;
        return message.replaceFirst("^ERROR: ", "");
    }
}
