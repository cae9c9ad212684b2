package co.usdcop.gate.market;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One 5-minute bar to ingest; ts is the bar's open time (UTC)")
@Input("BarInput")
public record BarInput(
        @NonNull @Description("Bar open time, UTC, on the 5-minute grid inside the session") Instant ts,
        @NonNull Double open,
        @NonNull Double high,
        @NonNull Double low,
        @NonNull Double close,
        @Description("Volume, default 0") Double volume) {

    public Bar toBar() {
        return new Bar(ts, open, high, low, close, volume == null ? 0 : volume);
    }
}
