package co.usdcop.gate.features.store;

import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The canonical text of feature rows — the CSV of a training dataset and the input of {@code data_snapshot_hash}
 * (so a backtest's data_snapshot_hash equals the dataset_hash of an export of the same range).
 * <p>
 * Columns: {@code ts, trading_date, bar_number}, the 13 market features in contract order, {@code close,
 * macro_was_ffilled, ohlcv_was_interpolated, data_quality_score}. Lines end with '\n'; ts is ISO-8601 UTC; a
 * missing feature is an empty field; numbers are written with 17 significant digits (exact round trip to the same
 * double), trailing zeros stripped, from the exact binary value — independent of the JVM's Double.toString.
 */
public final class FeatureRowsCsv {

    private static final MathContext DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private FeatureRowsCsv() {
    }

    public static String header() {
        return "ts,trading_date,bar_number," + String.join(",", CanonicalFeatures.MARKET_FEATURES)
                + ",close,macro_was_ffilled,ohlcv_was_interpolated,data_quality_score\n";
    }

    public static void appendRow(StringBuilder sb, FeatureVector f) {
        sb.append(f.ts()).append(',').append(f.tradingDate()).append(',').append(f.barNumber());
        for (double v : f.values()) {
            sb.append(',');
            if (!Double.isNaN(v)) {
                sb.append(number(v));
            }
        }
        sb.append(',').append(number(f.close())).append(',').append(f.macroWasFfilled()).append(',')
                .append(f.ohlcvWasInterpolated()).append(',').append(number(f.dataQualityScore())).append('\n');
    }

    public static String of(List<FeatureVector> rows) {
        StringBuilder sb = new StringBuilder(header());
        for (FeatureVector f : rows) {
            appendRow(sb, f);
        }
        return sb.toString();
    }

    /** A finite double in 17 significant digits without trailing zeros, e.g. 4000, 0.0013, 1.2E-7 (plain
     * notation between 1e-6 and 1e17). */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
        double magnitude = Math.abs(v);
        return magnitude >= 1e-6 && magnitude < 1e17 ? d.toPlainString() : d.toString();
    }
}
