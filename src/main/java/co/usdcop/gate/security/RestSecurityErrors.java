package co.usdcop.gate.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Security refusals of every REST endpoint as {@code {"code", "message"}} JSON: an anonymous call is HTTP 401 (not a
 * 302 to the login page, which a script cannot follow), a call without the role HTTP 403.
 */
public class RestSecurityErrors {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return json(401, "UNAUTHORIZED", "Log in first: send 'Authorization: Bearer <token>' (GET /api/auth tells"
                + " where to get one).");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return json(401, "UNAUTHORIZED", "The access token was refused (expired, malformed, or not signed by the"
                + " configured OIDC provider); get a new token and retry.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, "FORBIDDEN", "Your roles do not allow this call.");
    }

    private static Response json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("code", code, "message", message)).build();
    }
}
