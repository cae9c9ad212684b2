package co.usdcop.gate.features;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.MacroObservation;
import co.usdcop.gate.market.TradingSession;
import co.usdcop.gate.config.GateConfigLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared test data: the real config/ directory and small bar/macro series built on the session grid. */
final class FeatureFixtures {

    static final GateConfigLoader.LoadedConfig CONFIG = new GateConfigLoader(Path.of("config")).load();
    static final CanonicalFeatures FEATURES = CanonicalFeatures.of(CONFIG.featureContract(), CONFIG.market());
    static final TradingSession SESSION = FEATURES.session();

    private FeatureFixtures() {
    }

    static Instant utc(String iso) {
        return Instant.parse(iso);
    }

    /** Midnight UTC of a date: the default publication instant (observation date + delay days). */
    static Instant midnight(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** {@code n} consecutive session bar times starting at {@code first} (which must be a bar time). */
    static List<Instant> barTimes(Instant first, int n) {
        List<Instant> out = new ArrayList<>(n);
        Instant t = first;
        for (int k = 0; k < n; k++) {
            out.add(t);
            t = SESSION.nextBar(t);
        }
        return out;
    }

    /** Bars at consecutive session times with the given closes; open = previous close, high/low = close ± 1. */
    static List<Bar> barsFromCloses(Instant first, double... closes) {
        List<Instant> times = barTimes(first, closes.length);
        List<Bar> out = new ArrayList<>();
        for (int k = 0; k < closes.length; k++) {
            double c = closes[k];
            double o = k == 0 ? c : closes[k - 1];
            out.add(new Bar(times.get(k), o, Math.max(o, c) + 1, Math.min(o, c) - 1, c, 100));
        }
        return out;
    }

    /** A random walk around 4 000 COP with realistic 5-minute ranges. */
    static List<Bar> randomBars(Random rnd, Instant first, int n) {
        List<Instant> times = barTimes(first, n);
        List<Bar> out = new ArrayList<>(n);
        double close = 4000;
        for (int k = 0; k < n; k++) {
            double open = close;
            close = open * Math.exp(rnd.nextGaussian() * 0.0008);
            double high = Math.max(open, close) * (1 + Math.abs(rnd.nextGaussian()) * 0.0004);
            double low = Math.min(open, close) * (1 - Math.abs(rnd.nextGaussian()) * 0.0004);
            out.add(new Bar(times.get(k), open, high, low, close, 1000 + rnd.nextInt(1000)));
        }
        return out;
    }

    /**
     * Daily observations (weekdays) of every daily series used by the features, from {@code from} to {@code to},
     * published at midnight UTC of the next day plus a random jitter of up to {@code jitterHours}.
     */
    static List<MacroObservation> randomDailyMacro(Random rnd, LocalDate from, LocalDate to, int jitterHours) {
        List<MacroObservation> out = new ArrayList<>();
        String[] ids = {"DXY", "VIX", "EMBI_COL", "BRENT", "USDMXN", "COL10Y", "UST10Y"};
        double[] level = {104, 18, 250, 80, 17.5, 10.5, 4.2};
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() > 5) {
                continue;
            }
            for (int s = 0; s < ids.length; s++) {
                level[s] *= Math.exp(rnd.nextGaussian() * 0.01);
                Instant published = midnight(d.plusDays(1)).plusSeconds(jitterHours == 0 ? 0 : rnd.nextInt(jitterHours * 3600));
                out.add(new MacroObservation(ids[s], d, level[s], published));
            }
        }
        return out;
    }
}
