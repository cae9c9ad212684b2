package co.usdcop.gate.artifacts;

import co.usdcop.gate.common.error.ErrorTranslator;
import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.common.error.PermissionDeniedException;
import co.usdcop.gate.security.Roles;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code PUT /api/artifacts} stores the raw request body (optional {@code ?kind=onnx|norm_stats|dataset|other})
 * and answers {@code {sha256, size, ...}}; {@code GET /api/artifacts/{sha256}} streams it back after verifying its
 * hash. Errors are JSON {@code {code, message}} with the matching HTTP status (401, 403, 404, 413, ...).
 */
@Path("/api/artifacts")
@RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
public class ArtifactResource {

    /** Bodies sent by curl's --data-binary without a type; the stored media type then comes from the kind. */
    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    @Inject
    ArtifactService artifacts;

    @Inject
    ErrorTranslator errors;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @QueryParam("kind") String kind,
            @HeaderParam("Content-Type") String contentType, @HeaderParam("Content-Length") Long contentLength) {
        ArtifactKind parsed = ArtifactKind.parse(kind);
        if (contentLength != null && contentLength > artifacts.maxBytes()) {
            throw new ArtifactTooLargeException(artifacts.maxBytes());
        }
        String mediaType = contentType == null || contentType.startsWith(FORM) ? null : contentType;
        ArtifactInfo info = artifacts.store(body, parsed, mediaType);
        return Response.status(info.created() ? 201 : 200).entity(info).build();
    }

    @GET
    @Path("{sha256}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    public Response download(@PathParam("sha256") String sha256) {
        Artifact a = artifacts.require(sha256, "sha256");
        InputStream in = artifacts.open(a);
        return Response.ok(in, a.mediaType)
                .header("Content-Length", a.size)
                .header("ETag", "\"" + a.sha256 + "\"")
                .header("X-Content-SHA256", a.sha256)
                .header("Content-Disposition", "attachment; filename=\"" + a.sha256 + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException e) {
        return json(403, "FORBIDDEN", new PermissionDeniedException("Your roles do not allow this; artifacts need"
                + " the role researcher or automation (downloads also reviewer or admin).").getMessage());
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = status == 404 ? "NOT_FOUND" : status == 413 ? "TOO_LARGE" : status >= 500 ? "INTERNAL" : "VALIDATION";
        return json(status, code, e.getMessage());
    }

    @ServerExceptionMapper
    public Response mapOther(Exception e) {
        GateException known = errors.translate(e, null);
        return json(known.httpStatus(), known.code(), known.getMessage());
    }

    private static Response json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("code", code, "message", message)).build();
    }
}
