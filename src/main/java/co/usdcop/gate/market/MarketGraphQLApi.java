package co.usdcop.gate.market;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.time.Instant;
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
    @Description("Upserts macro observations of the series in config/market.yaml (idempotent). Any invalid "
            + "observation rejects the whole batch with its row number. Researchers and automation.")
    public IngestResult ingestMacro(@NonNull @Name("observations") List<@NonNull MacroInput> observations,
            @Description("Source label, default 'api'") @Name("source") String source) {
        return ingestion.ingestMacro(observations, source);
    }

    @Query("bars")
    @Authenticated
    @Description("Stored bars with from <= ts <= to, oldest first, paged (limit <= 500).")
    public Page<BarView> bars(@NonNull Instant from, @NonNull Instant to, Integer limit, Integer offset) {
        return reader.bars(from, to, limit, offset);
    }
}
