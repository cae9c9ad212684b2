package co.usdcop.gate.market;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One macro observation to ingest")
@Input("MacroInput")
public record MacroInput(
        @NonNull @Description("Series id of config/market.yaml, e.g. DXY") String seriesId,
        @NonNull @Description("Observation date (period start for monthly/quarterly series)") LocalDate observationDate,
        @NonNull @Description("Value in the series' unit") Double value,
        @Description("When this version became known; default: the mutation's publishedAt, else period end + "
                + "publication delay for a first load, the ingestion time for a changed value") Instant publishedAt) {
}
