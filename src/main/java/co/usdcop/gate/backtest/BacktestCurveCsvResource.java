package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.common.error.ErrorTranslator;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The full curves of a stored backtest as CSV downloads (GraphQL serves them thinned for charts):
 * {@code GET /api/backtests/{id}/equity-curve.csv} ({@code ts,equity,position}, one row per bar) and
 * {@code GET /api/backtests/{id}/daily-returns.csv} ({@code date,equity,daily_return}). Errors are JSON
 * {@code {code, message}}.
 */
@Path("/api/backtests/{id}")
@RolesAllowed({Roles.RESEARCHER, Roles.REVIEWER, Roles.ADMIN, Roles.AUTOMATION})
public class BacktestCurveCsvResource {

    private static final String CSV = "text/csv";

    @Inject
    BacktestStore store;

    @Inject
    ErrorTranslator translator;

    @GET
    @Path("/equity-curve.csv")
    @Produces({CSV, MediaType.APPLICATION_JSON})
    public Response equityCurve(@PathParam("id") String id) {
        return csv(id, "equity-curve", () -> {
            List<EquityPoint> curve = store.equityCurve(uuid(id));
            StringBuilder out = new StringBuilder(curve.size() * 40).append("ts,equity,position\n");
            curve.forEach(p -> out.append(p.ts()).append(',').append(p.equity()).append(',').append(p.position())
                    .append('\n'));
            return out.toString();
        });
    }

    @GET
    @Path("/daily-returns.csv")
    @Produces({CSV, MediaType.APPLICATION_JSON})
    public Response dailyReturns(@PathParam("id") String id) {
        return csv(id, "daily-returns", () -> {
            List<DailyReturn> days = store.dailyReturns(uuid(id));
            StringBuilder out = new StringBuilder(days.size() * 40).append("date,equity,daily_return\n");
            days.forEach(d -> out.append(d.date()).append(',').append(d.equity()).append(',').append(d.dailyReturn())
                    .append('\n'));
            return out.toString();
        });
    }

    private Response csv(String id, String name, Supplier<String> body) {
        try {
            return Response.ok(body.get(), CSV)
                    .header("Content-Disposition", "attachment; filename=\"backtest-" + id + "-" + name + ".csv\"")
                    .build();
        } catch (RuntimeException failure) {
            GateException e = translator.translate(failure, null);
            return Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("code", e.code(), "message", e.getMessage())).build();
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'" + id + "' is not a backtest id (a UUID).");
        }
    }
}
