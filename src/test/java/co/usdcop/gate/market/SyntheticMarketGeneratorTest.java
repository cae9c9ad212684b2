package co.usdcop.gate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.config.GateConfigLoader;
import co.usdcop.gate.config.MarketConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo generator without the service: determinism, validity and the stylised facts it promises. */
class SyntheticMarketGeneratorTest {

    static MarketConfig market;
    static SyntheticMarketGenerator.Generated twoYears;

    @BeforeAll
    static void generate() {
        market = new GateConfigLoader(Path.of("config")).load().market();
        twoYears = new SyntheticMarketGenerator(market, SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.parse("2023-01-02"), Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void sameSeedSameDataAndALaterEndOnlyAppends() {
        var slice = new SyntheticMarketGenerator(market, SyntheticMarketGenerator.DEFAULT_SEED)
                .generate(LocalDate.parse("2023-01-02"), Instant.parse("2023-03-01T00:00:00Z"));
        assertEquals(slice.bars(), twoYears.bars().subList(0, slice.bars().size()));
        var other = new SyntheticMarketGenerator(market, 99).generate(LocalDate.parse("2023-01-02"),
                Instant.parse("2023-03-01T00:00:00Z"));
        assertTrue(!other.bars().equals(slice.bars()));
    }

    @Test
    void everyBarAndObservationPassesTheIngestionRules() {
        RowErrors errors = new RowErrors();
        BarRules bars = new BarRules(market, Clock.systemUTC());
        for (int i = 0; i < twoYears.bars().size(); i++) {
            bars.check(i + 1, twoYears.bars().get(i), errors);
        }
        MacroRules macro = new MacroRules(market, Clock.systemUTC());
        for (MacroObservation o : twoYears.macro()) {
            macro.check(1, o.seriesId(), o.observationDate(), o.value(), o.publishedAt(), errors);
        }
        assertTrue(errors.isEmpty(), () -> errors.reported().toString());
        assertEquals(60 * 522, twoYears.bars().size(), "60 bars on each weekday of 2023-2024");
        assertEquals(market.macroSeries().size(), twoYears.macro().stream().map(MacroObservation::seriesId).distinct().count());
    }

    @Test
    void levelsStayInTheUsdCopRange() {
        double min = twoYears.bars().stream().mapToDouble(Bar::low).min().orElseThrow();
        double max = twoYears.bars().stream().mapToDouble(Bar::high).max().orElseThrow();
        assertTrue(min > 3_700 && max < 4_500, () -> "range " + min + " .. " + max);
    }

    @Test
    void intradayVolatilityIsUShaped() {
        double[] sumAbs = new double[60];
        int[] n = new int[60];
        List<Bar> bars = twoYears.bars();
        for (int i = 1; i < bars.size(); i++) {
            int k = (int) ((bars.get(i).ts().getEpochSecond() % 86_400 - 13 * 3600) / 300);
            if (k > 0) {
                sumAbs[k] += Math.abs(Math.log(bars.get(i).close() / bars.get(i).open()));
                n[k]++;
            }
        }
        double edges = (sumAbs[1] / n[1] + sumAbs[59] / n[59]) / 2;
        double middle = (sumAbs[29] / n[29] + sumAbs[30] / n[30]) / 2;
        assertTrue(edges > 1.5 * middle, () -> "edges " + edges + " middle " + middle);
    }

    @Test
    void copWeakensWhenTheDollarIndexRises() {
        Map<LocalDate, Double> dxy = new TreeMap<>(twoYears.macro().stream().filter(o -> o.seriesId().equals("DXY"))
                .collect(Collectors.toMap(MacroObservation::observationDate, MacroObservation::value)));
        Map<LocalDate, Double> lastClose = new HashMap<>();
        for (Bar b : twoYears.bars()) {
            lastClose.put(LocalDate.ofInstant(b.ts(), ZoneOffset.UTC), b.close());
        }
        double sxy = 0, sxx = 0, syy = 0;
        LocalDate prev = null;
        for (LocalDate d : dxy.keySet()) {
            if (prev != null && lastClose.containsKey(d) && lastClose.containsKey(prev)) {
                double x = Math.log(dxy.get(d) / dxy.get(prev));
                double y = Math.log(lastClose.get(d) / lastClose.get(prev));
                sxy += x * y;
                sxx += x * x;
                syy += y * y;
            }
            prev = d;
        }
        double correlation = sxy / Math.sqrt(sxx * syy);
        assertTrue(correlation > 0.2, () -> "daily correlation USD/COP vs DXY " + correlation);
    }
}
