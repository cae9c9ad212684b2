package co.usdcop.gate.market;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import co.usdcop.gate.common.error.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class MarketGraphQLApi {

    @Inject
    MarketIngestionService ingestion;

    @Inject
    MarketDataReader reader;

    @Inject
    Clock clock;

    @Mutation("ingestBars")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Upserts 5-minute bars (idempotent). Any invalid bar rejects the whole batch with its row number "
            + "(1-based position). Researchers and automation.")
    public IngestResult ingestBars(@NonNull @Name("bars") List<@NonNull BarInput> bars,
            @Description("Source label, default 'api'") @Name("source") String source) {
        return ingestion.ingestBars(bars.stream().map(b -> b == null ? null : b.toBar()).toList(), source);
    }

    @Mutation("ingestMacro")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Stores macro observations of the series in config/market.yaml as vintages (idempotent; a stored "
            + "version is never changed). An observation with a publication time (its own or publishedAt) is that "
            + "vintage; one without is a first load at the period end + publication delay, or, when the date is "
            + "stored with another value, a revision published now. Any invalid observation rejects the whole batch "
            + "with its row number. Researchers and automation.")
    public IngestResult ingestMacro(@NonNull @Name("observations") List<@NonNull MacroInput> observations,
            @Description("Source label, default 'api'") @Name("source") String source,
            @Description("Publication time of every observation without its own (ISO-8601, not in the future)")
            @Name("publishedAt") Instant publishedAt) {
        return ingestion.ingestMacro(observations, source, publishedAt);
    }

    @Query("macroSeries")
    @Authenticated
    @Description("A macro series as known at asOf (default now): for each observation date in [from, to] (default "
            + "the last 2 years up to asOf's date) the newest version published at or before asOf, with its number "
            + "of versions by then. The rule the features, exports and backtests read macro data with.")
    public MacroSeriesAsOf macroSeries(@NonNull @Name("series") String series, @Name("asOf") Instant asOf,
            @Name("from") LocalDate from, @Name("to") LocalDate to) {
        ingestion.requireSeries(series);
        Instant at = asOf == null ? clock.instant() : asOf;
        LocalDate end = to == null ? LocalDate.ofInstant(at, ZoneOffset.UTC) : to;
        LocalDate start = from == null ? end.minusYears(2) : from;
        if (start.isAfter(end)) {
            throw new InvalidInputException("from (" + start + ") is after to (" + end + ")");
        }
        return new MacroSeriesAsOf(series, at, reader.macroAsOf(series, at, start, end));
    }

    @Query("macroVintages")
    @Authenticated
    @Description("Every stored version of one observation date of a series, oldest publication first (empty when the "
            + "date has none).")
    public List<MacroVintage> macroVintages(@NonNull @Name("series") String series, @NonNull @Name("date") LocalDate date) {
        ingestion.requireSeries(series);
        return reader.vintages(series, date);
    }

    @Query("bars")
    @Authenticated
    @Description("Stored bars with from <= ts <= to, oldest first, paged (limit <= 500).")
    public Page<BarView> bars(@NonNull Instant from, @NonNull Instant to, Integer limit, Integer offset) {
        return reader.bars(from, to, limit, offset);
    }
}
