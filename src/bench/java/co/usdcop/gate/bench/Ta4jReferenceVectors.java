package co.usdcop.gate.bench;

import co.usdcop.gate.config.GateConfigLoader;
import co.usdcop.gate.market.Bar;
import co.usdcop.gate.features.CanonicalFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ta4j.core.BarSeries;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/**
 * Writes the ta4j 0.22.2 reference vectors that {@code Ta4jReferenceVectorsTest} checks the canonical features
 * against in every {@code ./mvnw verify}: RSI(9), ATR(14) and ADX(14) of ta4j (DoubleNum) over 1 500 synthetic
 * USD/COP bars with overnight and weekend gaps and, every 97th bar, a bar missing inside a session. Values are
 * written with {@link Double#toString}, which reads back to the same double.
 *
 * <pre>JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -Pbench test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.Ta4jReferenceVectors</pre>
 */
public final class Ta4jReferenceVectors {

    static final Path OUT = Path.of("src/test/resources/reference/ta4j-0.22.2-rsi9-atr14-adx14.csv");

    private Ta4jReferenceVectors() {
    }

    public static void main(String[] args) throws IOException {
        var config = new GateConfigLoader(Path.of("config")).load();
        CanonicalFeatures features = CanonicalFeatures.of(config.featureContract(), config.market());
        List<Bar> bars = new ArrayList<>();
        List<Bar> all = FeatureBench.syntheticBars(features.session(), 1_550, new Random(20261207));
        for (int i = 0; i < all.size() && bars.size() < 1_500; i++) {
            if (i % 97 != 96) {
                bars.add(all.get(i));
            }
        }
        BarSeries series = FeatureBench.toTa4j(bars);
        RSIIndicator rsi = new RSIIndicator(new ClosePriceIndicator(series), 9);
        ATRIndicator atr = new ATRIndicator(series, 14);
        ADXIndicator adx = new ADXIndicator(series, 14);
        StringBuilder csv = new StringBuilder("# ta4j-core 0.22.2, DoubleNum: RSIIndicator(close, 9), ATRIndicator(14),"
                + " ADXIndicator(14); written by co.usdcop.gate.bench.Ta4jReferenceVectors\n"
                + "ts,open,high,low,close,volume,rsi_9,atr_14,adx_14\n");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            csv.append(b.ts()).append(',').append(b.open()).append(',').append(b.high()).append(',').append(b.low())
                    .append(',').append(b.close()).append(',').append(b.volume()).append(',')
                    .append(rsi.getValue(i).doubleValue()).append(',').append(atr.getValue(i).doubleValue()).append(',')
                    .append(adx.getValue(i).doubleValue()).append('\n');
        }
        Files.createDirectories(OUT.getParent());
        Files.writeString(OUT, csv);
        System.out.println("wrote " + bars.size() + " bars to " + OUT);
    }
}
