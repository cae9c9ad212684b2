package co.usdcop.gate.market;

import co.usdcop.gate.common.error.ErrorTranslator;
import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * CSV import over REST: the request body is the file itself ({@code curl --data-binary @bars.csv -H
 * 'Content-Type: text/csv'}). 200 with the {@link IngestResult}; 400 with {@code {code, message, errors[{row,
 * message}], totalErrors}} when the file is rejected (then nothing was written).
 */
@Path("/api/market")
public class MarketCsvResource {

    /** The JSON body of a refusal. */
    public record ErrorBody(String code, String message, List<RowError> errors, int totalErrors) {
    }

    @Inject
    MarketIngestionService ingestion;

    @Inject
    ErrorTranslator translator;

    @POST
    @Path("/bars.csv")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    public Response bars(InputStream body, @QueryParam("source") String source) {
        return respond(() -> ingestion.ingestBarsCsv(body, source));
    }

    @POST
    @Path("/macro/{seriesId}.csv")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    public Response macro(@PathParam("seriesId") String seriesId, InputStream body, @QueryParam("source") String source) {
        return respond(() -> ingestion.ingestMacroCsv(seriesId, body, source));
    }

    private Response respond(Supplier<IngestResult> call) {
        try {
            return Response.ok(call.get()).build();
        } catch (RuntimeException failure) {
            GateException e = translator.translate(failure, null);
            ErrorBody body = e instanceof MarketDataRejectedException rejected
                    ? new ErrorBody(e.code(), e.getMessage(), rejected.errors(), rejected.totalErrors())
                    : new ErrorBody(e.code(), e.getMessage(), List.of(), 0);
            return Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON).entity(body).build();
        }
    }
}
