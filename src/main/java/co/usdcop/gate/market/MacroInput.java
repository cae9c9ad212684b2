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
        @Description("When it became known; default observation date + publication delay at 00:00 UTC") Instant publishedAt) {
}
