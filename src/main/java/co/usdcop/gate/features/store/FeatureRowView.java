package co.usdcop.gate.features.store;

import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

@Description("The raw (not normalised) market features of one bar with their quality flags")
public record FeatureRowView(
        @Description("Bar open time, UTC") Instant ts,
        LocalDate tradingDate,
        @Description("1..60 within the session") int barNumber,
        @Description("The 13 market features in contract order; value null = missing") List<NamedValue> features,
        @Description("The bar's close") double close,
        @Description("Point-in-time macro levels the features used") List<NamedValue> macroLevels,
        @Description("Some macro input was older than its series' publication schedule") boolean macroWasFfilled,
        @Description("Session bars are missing right before this bar (its lags bridge the hole; no bar is synthesised)")
        boolean ohlcvWasInterpolated,
        @Description("Share of the 13 features present") double dataQualityScore,
        @Description("dataQualityScore below the contract minimum: this bar is not traded") boolean belowMinQuality) {

    public record NamedValue(String name, Double value) {
    }

    public static FeatureRowView of(FeatureVector f, double minQuality) {
        List<NamedValue> values = new ArrayList<>();
        for (int i = 0; i < f.values().length; i++) {
            double v = f.values()[i];
            values.add(new NamedValue(CanonicalFeatures.MARKET_FEATURES.get(i), Double.isNaN(v) ? null : v));
        }
        List<NamedValue> levels = f.macroLevels().entrySet().stream()
                .map(e -> new NamedValue(e.getKey(), e.getValue() == null || e.getValue().isNaN() ? null : e.getValue()))
                .sorted(java.util.Comparator.comparing(NamedValue::name)).toList();
        return new FeatureRowView(f.ts(), f.tradingDate(), f.barNumber(), values, f.close(), levels,
                f.macroWasFfilled(), f.ohlcvWasInterpolated(), f.dataQualityScore(), f.dataQualityScore() < minQuality);
    }
}
