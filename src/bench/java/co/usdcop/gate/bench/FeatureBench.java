package co.usdcop.gate.bench;

import co.usdcop.gate.config.GateConfigLoader;
import co.usdcop.gate.market.Bar;
import co.usdcop.gate.features.BarColumns;
import co.usdcop.gate.features.CanonicalFeatureBuilder;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureBatch;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.MacroObservation;
import co.usdcop.gate.features.MacroPointInTime;
import co.usdcop.gate.market.TradingSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.NumFactory;

/**
 * Canonical features vs ta4j 0.22.2 (DoubleNum) on the same synthetic bars, in one run.
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -Pbench -q test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.FeatureBench [-Dbars=1000000 -Drounds=5 -Dpasses=20]
 * </pre>
 *
 * Ours: all 13 features of {@link CanonicalFeatureBuilder}, through the batch path a feature-store recomputation
 * uses ({@link CanonicalFeatureBuilder#computeInto} over {@link BarColumns}, 4 096-row chunks into one reused
 * {@link FeatureBatch}: values, quality score, flags and macro levels of every bar), once with seven point-in-time
 * daily macro series (10 % of their observations with one or two revisions published later, {@link #withRevisions})
 * and once without macro data; and the streaming per-bar path ({@code next(Bar)}, one
 * {@link FeatureVector} per bar, as live updates use it). ta4j: {@code RSIIndicator(close, 9)},
 * {@code ATRIndicator(14)}, {@code ADXIndicator(14)} created fresh each round over a prebuilt {@code BarSeries}
 * (building the series is timed separately and not charged to ta4j, as building our columns is not charged to
 * us; likewise the macro observations are compiled once, {@link CanonicalFeatures#compileMacro}, and each round's
 * builders start from them: the compilation's cost is printed apart). Medians of {@code rounds} measured rounds after
 * warm-up rounds, a round of our batch path being the mean of {@code passes} passes ({@link #PASSES}); the ratio is
 * ta4j time / ours (batch, full)
 * time. Values are compared where the definitions agree, and the batch rows with the per-bar vectors (every
 * bit); a mismatch above 1e-9 or any batch/per-bar difference makes the run exit with status 1.
 */
public final class FeatureBench {

    private static final int BARS = Integer.getInteger("bars", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final double TOLERANCE = 1e-9;
    /**
     * Passes over the bars per timed round of our batch path, averaged: a burst of the shared VM's noise slows a short
     * round entirely but a long one only in part, so our rounds are made about as long as ta4j's (the pass times
     * behind the default are in docs/performance.md, canonical features vs ta4j).
     */
    private static final int PASSES = Integer.getInteger("passes", 20);
    /** Share of macro observations with one or two later vintages (revisions), {@code -Drevised=0.10}. */
    private static final double REVISED_SHARE = Double.parseDouble(System.getProperty("revised", "0.10"));
    /** Rows per {@link FeatureBatch} chunk, as in a feature-store recomputation. */
    private static final int CHUNK = 4_096;

    private FeatureBench() {
    }

    public static void main(String[] args) {
        // ta4j's CachedIndicator logs at TRACE on every getValue; the Quarkus log manager on this classpath would
        // format those messages (it dominated ta4j's time, ~40 us/bar). Run ta4j with tracing off, as in production.
        org.jboss.logmanager.LogContext.getLogContext().getLogger("org.ta4j").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.ta4j").setLevel(java.util.logging.Level.INFO);
        var config = new GateConfigLoader(Path.of(System.getProperty("usdcop.config-dir", "config"))).load();
        CanonicalFeatures features = CanonicalFeatures.of(config.featureContract(), config.market());
        List<Bar> bars = syntheticBars(features.session(), BARS, new Random(20251122));
        LocalDate first = bars.get(0).ts().atZone(ZoneOffset.UTC).toLocalDate().minusDays(40);
        LocalDate last = bars.get(bars.size() - 1).ts().atZone(ZoneOffset.UTC).toLocalDate();
        List<MacroObservation> macro = syntheticMacro(first, last, new Random(7));

        long t0 = System.nanoTime();
        BarSeries series = toTa4j(bars);
        long seriesNs = System.nanoTime() - t0;
        BarColumns columns = BarColumns.of(bars);   // the batch path's input (the store reads bars into it)
        // the macro observations validated and ordered once, as the bars are read into columns once (not charged,
        // like ta4j's BarSeries)
        MacroPointInTime.Observations compiled = features.compileMacro(macro);
        MacroPointInTime.Observations noMacro = features.compileMacro(List.of());

        // ---- agreement (one full pass each, values kept) and batch == per-bar, bit for bit
        double[][] ours = oursIndicators(features, columns, macro);
        double[][] ta4j = ta4jIndicators(series);
        long perBarDifferences = batchVersusPerBar(features, bars, columns, macro);

        // ---- timing
        for (int w = 0; w < 5; w++) {
            runBatch(features, columns, compiled);
            runBatch(features, columns, noMacro);
            runPerBar(features, bars, compiled);
            features.compileMacro(macro);
        }
        long[] compileRounds = new long[ROUNDS];
        runTa4j(series);
        // wall-clock and CPU time of this thread (the machine is shared: CPU time is robust to other processes)
        long[][] batchFull = new long[2][ROUNDS];
        long[][] batchNoMacro = new long[2][ROUNDS];
        long[][] perBar = new long[2][ROUNDS];
        long[][] ta4jNs = new long[2][ROUNDS];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int r = 0; r < ROUNDS; r++) {
            System.gc();
            long a = System.nanoTime();
            long c = cpu.getCurrentThreadCpuTime();
            for (int p = 0; p < PASSES; p++) {
                sink += runBatch(features, columns, compiled);
            }
            batchFull[0][r] = (System.nanoTime() - a) / PASSES;
            batchFull[1][r] = (cpu.getCurrentThreadCpuTime() - c) / PASSES;
            System.gc();
            a = System.nanoTime();
            c = cpu.getCurrentThreadCpuTime();
            for (int p = 0; p < PASSES; p++) {
                sink += runBatch(features, columns, noMacro);
            }
            batchNoMacro[0][r] = (System.nanoTime() - a) / PASSES;
            batchNoMacro[1][r] = (cpu.getCurrentThreadCpuTime() - c) / PASSES;
            System.gc();
            a = System.nanoTime();
            c = cpu.getCurrentThreadCpuTime();
            sink += runPerBar(features, bars, compiled);
            perBar[0][r] = System.nanoTime() - a;
            perBar[1][r] = cpu.getCurrentThreadCpuTime() - c;
            System.gc();
            a = System.nanoTime();
            c = cpu.getCurrentThreadCpuTime();
            sink += runTa4j(series);
            ta4jNs[0][r] = System.nanoTime() - a;
            ta4jNs[1][r] = cpu.getCurrentThreadCpuTime() - c;
            a = System.nanoTime();
            sink += features.compileMacro(macro).size();
            compileRounds[r] = System.nanoTime() - a;
        }
        report(features, bars, macro, seriesNs, median(compileRounds), batchFull, batchNoMacro, perBar, ta4jNs, ours, ta4j,
                perBarDifferences, sink);
    }

    private static void report(CanonicalFeatures features, List<Bar> bars, List<MacroObservation> macro, long seriesNs,
            double compileNs, long[][] batchFull, long[][] batchNoMacro, long[][] perBar, long[][] ta4jNs, double[][] ours, double[][] ta4j,
            long perBarDifferences, double sink) {
        int n = bars.size();
        double full = median(batchFull[0]) / (double) n;
        double fullCpu = median(batchFull[1]) / (double) n;
        double noMacro = median(batchNoMacro[0]) / (double) n;
        double noMacroCpu = median(batchNoMacro[1]) / (double) n;
        double bar = median(perBar[0]) / (double) n;
        double barCpu = median(perBar[1]) / (double) n;
        double t4 = median(ta4jNs[0]) / (double) n;
        double t4Cpu = median(ta4jNs[1]) / (double) n;
        System.out.printf(Locale.ROOT, "%nFeature benchmark: %,d bars, %,d macro observations, %d rounds (median; ours: "
                + "mean of %d passes a round), JDK %s, %d cores%n", n, macro.size(), ROUNDS, PASSES, Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("-------------------------------------------------------------------------------------");
        System.out.printf(Locale.ROOT, "%-48s %12s %12s %14s%n", "", "wall ns/bar", "CPU ns/bar", "wall min..max ms");
        System.out.printf(Locale.ROOT, "%-48s %12.1f %12.1f %14s%n", "ours: batch, 13 features + point-in-time macro", full, fullCpu, range(batchFull[0]));
        System.out.printf(Locale.ROOT, "%-48s %12.1f %12.1f %14s%n", "ours: batch, 13 features, no macro data", noMacro, noMacroCpu, range(batchNoMacro[0]));
        System.out.printf(Locale.ROOT, "%-48s %12.1f %12.1f %14s%n", "ours: per bar next(Bar) -> FeatureVector + macro", bar, barCpu, range(perBar[0]));
        System.out.printf(Locale.ROOT, "%-48s %12.1f %12.1f %14s%n", "ta4j 0.22.2 DoubleNum: RSI(9)+ATR(14)+ADX(14)", t4, t4Cpu, range(ta4jNs[0]));
        System.out.printf(Locale.ROOT, "%-48s %12.1f%n", "ta4j BarSeries construction (not charged)", seriesNs / (double) n);
        System.out.printf(Locale.ROOT, "%-48s %12.1f%n", "our macro compilation, median (not charged)", compileNs / n);
        System.out.printf(Locale.ROOT, "%-48s %11.0fx %11.0fx   (target >= 50x)%n", "ratio ta4j / ours (batch, full)", t4 / full, t4Cpu / fullCpu);
        System.out.printf(Locale.ROOT, "%-48s %11.0fx %11.0fx%n", "ratio ta4j / ours (batch, no macro)", t4 / noMacro, t4Cpu / noMacroCpu);
        // the least disturbed round of each (a shared VM slows some rounds by half): best wall time vs best wall time
        System.out.printf(Locale.ROOT, "%-48s %11.0fx%n", "ratio of best rounds (batch, full)",
                Arrays.stream(ta4jNs[0]).min().orElse(0) / (double) Arrays.stream(batchFull[0]).min().orElse(1));
        System.out.printf(Locale.ROOT, "%-48s %11.0fx %11.0fx%n", "ratio ta4j / ours (per bar)", t4 / bar, t4Cpu / barCpu);
        System.out.printf(Locale.ROOT, "batch vs per-bar rows differing (any bit, flag or level): %d of %,d%n", perBarDifferences, n);
        System.out.println("-------------------------------------------------------------------------------------");
        System.out.printf(Locale.ROOT, "%-30s %8s %12s %14s %14s%n", "agreement with ta4j", "from i", "bars", "max |diff|", "bit-identical");
        boolean ok = true;
        String[] names = {"rsi_9", "atr_pct (ta4j ATR / close)", "adx_14"};
        int[] from = {features.warmupBars(CanonicalFeatures.RSI_9), features.warmupBars(CanonicalFeatures.ATR_PCT),
            features.warmupBars(CanonicalFeatures.ADX_14)};
        int rsiBothZero = 0;
        for (int k = 0; k < 3; k++) {
            double max = 0;
            long same = 0;
            long compared = 0;
            for (int i = from[k]; i < n; i++) {
                double a = ours[k][i];
                double b = ta4j[k][i];
                if (k == 0 && a == 50.0 && b == 0.0) {
                    rsiBothZero++; // deliberate: no movement at all -> ours 50, ta4j 0
                    continue;
                }
                compared++;
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    max = Double.POSITIVE_INFINITY;
                    continue;
                }
                max = Math.max(max, Math.abs(a - b));
                if (Double.doubleToLongBits(a) == Double.doubleToLongBits(b)) {
                    same++;
                }
            }
            ok &= max <= TOLERANCE;
            System.out.printf(Locale.ROOT, "%-30s %8d %,12d %14.3e %13.4f%%%n", names[k], from[k], compared, max,
                    100.0 * same / compared);
        }
        System.out.println("-------------------------------------------------------------------------------------");
        System.out.println("Deliberate differences: atr_pct = ATR14 / close (ta4j's ATR is in price units; compared after the");
        System.out.println("same division); RSI is 50 (ours) vs 0 (ta4j) when average gain and loss are both 0 ("
                + rsiBothZero + " bars here); ta4j");
        System.out.println("emits ADX from i = 14 (its seed), ours from warmup_bars = 28; ours are NaN during warm-up.");
        System.out.println("(checksum " + (sink != 0 ? "ok" : "zero") + ")");
        if (!ok || perBarDifferences != 0) {
            System.out.println(ok ? "batch and per-bar paths differ" : "MISMATCH above " + TOLERANCE);
            System.exit(1);
        }
    }

    private static String range(long[] ns) {
        long min = Arrays.stream(ns).min().orElse(0);
        long max = Arrays.stream(ns).max().orElse(0);
        return String.format(Locale.ROOT, "%d..%d", min / 1_000_000, max / 1_000_000);
    }

    private static double median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /** One full batch pass (4 096-row chunks into one reused batch, as a recomputation does); returns a checksum. */
    private static double runBatch(CanonicalFeatures features, BarColumns columns, MacroPointInTime.Observations macro) {
        CanonicalFeatureBuilder b = features.newBuilder(macro);
        FeatureBatch batch = new FeatureBatch(CHUNK);
        double sum = 0;
        for (int from = 0, n = columns.size(); from < n; from += CHUNK) {
            batch.clear();
            b.computeInto(columns, from, Math.min(n, from + CHUNK), batch);
            sum += batch.dataQualityScore(batch.size() - 1) + batch.value(batch.size() - 1, CanonicalFeatures.ADX_14);
        }
        return sum;
    }

    /** One full pass of the streaming API, one {@link FeatureVector} per bar; returns a checksum. */
    private static double runPerBar(CanonicalFeatures features, List<Bar> bars, MacroPointInTime.Observations macro) {
        CanonicalFeatureBuilder b = features.newBuilder(macro);
        double sum = 0;
        for (int i = 0, n = bars.size(); i < n; i++) {
            FeatureVector v = b.next(bars.get(i));
            double[] x = v.values();
            sum += v.dataQualityScore() + (x[CanonicalFeatures.ADX_14] > 50 ? 1 : 0) + (x[CanonicalFeatures.RSI_9] > 50 ? 1 : 0);
        }
        return sum;
    }

    /** Rows where the batch path and the per-bar path differ in any bit of any field. */
    private static long batchVersusPerBar(CanonicalFeatures features, List<Bar> bars, BarColumns columns,
            List<MacroObservation> macro) {
        CanonicalFeatureBuilder batchBuilder = features.newBuilder(macro);
        CanonicalFeatureBuilder perBar = features.newBuilder(macro);
        FeatureBatch batch = new FeatureBatch(CHUNK);
        long differences = 0;
        for (int from = 0, n = columns.size(); from < n; from += CHUNK) {
            batch.clear();
            batchBuilder.computeInto(columns, from, Math.min(n, from + CHUNK), batch);
            for (int r = 0; r < batch.size(); r++) {
                FeatureVector a = batch.vector(r);
                FeatureVector b = perBar.next(bars.get(from + r));
                boolean same = a.ts().equals(b.ts()) && a.tradingDate().equals(b.tradingDate())
                        && a.barNumber() == b.barNumber() && Arrays.equals(a.values(), b.values())
                        && Double.doubleToLongBits(a.close()) == Double.doubleToLongBits(b.close())
                        && a.macroLevels().equals(b.macroLevels()) && a.macroWasFfilled() == b.macroWasFfilled()
                        && a.ohlcvWasInterpolated() == b.ohlcvWasInterpolated()
                        && Double.doubleToLongBits(a.dataQualityScore()) == Double.doubleToLongBits(b.dataQualityScore());
                differences += same ? 0 : 1;
            }
        }
        return differences;
    }

    private static double[][] oursIndicators(CanonicalFeatures features, BarColumns columns, List<MacroObservation> macro) {
        int n = columns.size();
        double[][] out = new double[3][n];
        CanonicalFeatureBuilder b = features.newBuilder(macro);
        FeatureBatch batch = new FeatureBatch(CHUNK);
        for (int from = 0; from < n; from += CHUNK) {
            batch.clear();
            b.computeInto(columns, from, Math.min(n, from + CHUNK), batch);
            for (int r = 0; r < batch.size(); r++) {
                out[0][from + r] = batch.value(r, CanonicalFeatures.RSI_9);
                out[1][from + r] = batch.value(r, CanonicalFeatures.ATR_PCT);
                out[2][from + r] = batch.value(r, CanonicalFeatures.ADX_14);
            }
        }
        return out;
    }

    private static double runTa4j(BarSeries series) {
        RSIIndicator rsi = new RSIIndicator(new ClosePriceIndicator(series), 9);
        ATRIndicator atr = new ATRIndicator(series, 14);
        ADXIndicator adx = new ADXIndicator(series, 14);
        double sum = 0;
        for (int i = series.getBeginIndex(), end = series.getEndIndex(); i <= end; i++) {
            sum += rsi.getValue(i).doubleValue() > 50 ? 1 : 0;
            sum += atr.getValue(i).doubleValue() > 1 ? 1 : 0;
            sum += adx.getValue(i).doubleValue() > 50 ? 1 : 0;
        }
        return sum;
    }

    private static double[][] oursIndicators(CanonicalFeatures features, List<Bar> bars, List<MacroObservation> macro) {
        int n = bars.size();
        double[][] out = new double[3][n];
        CanonicalFeatureBuilder b = features.newBuilder(macro);
        for (int i = 0; i < n; i++) {
            double[] x = b.next(bars.get(i)).values();
            out[0][i] = x[CanonicalFeatures.RSI_9];
            out[1][i] = x[CanonicalFeatures.ATR_PCT];
            out[2][i] = x[CanonicalFeatures.ADX_14];
        }
        return out;
    }

    private static double[][] ta4jIndicators(BarSeries series) {
        int n = series.getBarCount();
        double[][] out = new double[3][n];
        RSIIndicator rsi = new RSIIndicator(new ClosePriceIndicator(series), 9);
        ATRIndicator atr = new ATRIndicator(series, 14);
        ADXIndicator adx = new ADXIndicator(series, 14);
        for (int i = 0; i < n; i++) {
            out[0][i] = rsi.getValue(i).doubleValue();
            out[1][i] = atr.getValue(i).doubleValue() / series.getBar(i).getClosePrice().doubleValue();
            out[2][i] = adx.getValue(i).doubleValue();
        }
        return out;
    }

    /** The bars as a ta4j series of 5-minute bars (DoubleNum), the input of the ta4j reference indicators. */
    static BarSeries toTa4j(List<Bar> bars) {
        NumFactory num = DoubleNumFactory.getInstance();
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(num).withName("USDCOP-M5").build();
        Duration period = Duration.ofMinutes(5);
        for (Bar b : bars) {
            series.barBuilder().timePeriod(period).endTime(b.ts().plus(period))
                    .openPrice(num.numOf(b.open())).highPrice(num.numOf(b.high())).lowPrice(num.numOf(b.low()))
                    .closePrice(num.numOf(b.close())).volume(num.numOf(b.volume())).add();
        }
        return series;
    }

    /**
     * USD/COP-like 5-minute bars on the session grid from 2000-01-03: a log random walk around 4 000 with a
     * U-shaped intraday volatility, GARCH-like clustering and an overnight gap at each session's first bar.
     */
    static List<Bar> syntheticBars(TradingSession session, int n, Random rnd) {
        List<Bar> out = new ArrayList<>(n);
        Instant t = session.barTime(LocalDate.of(2000, 1, 3), 1);
        double close = 4000;
        double variance = 1;
        int perSession = session.barsPerSession();
        for (int i = 0; i < n; i++) {
            int bar = session.barNumber(t);
            double x = (bar - 1) / (double) (perSession - 1) - 0.5;
            double intraday = 0.6 + 1.6 * x * x;                       // U-shape: busier open and close
            double shock = rnd.nextGaussian();
            variance = 0.05 + 0.9 * variance + 0.05 * shock * shock;  // volatility clustering
            double sigma = 0.0006 * intraday * Math.sqrt(variance) * (bar == 1 ? 3 : 1);
            double open = close * (bar == 1 ? Math.exp(rnd.nextGaussian() * 0.002) : 1);
            close = open * Math.exp(sigma * shock - 0.00000002 * (Math.log(open / 4000)));
            double high = Math.max(open, close) * (1 + Math.abs(rnd.nextGaussian()) * sigma * 0.5);
            double low = Math.min(open, close) * (1 - Math.abs(rnd.nextGaussian()) * sigma * 0.5);
            out.add(new Bar(t, round2(open), Math.max(round2(high), Math.max(round2(open), round2(close))),
                    Math.min(round2(low), Math.min(round2(open), round2(close))), round2(close),
                    1000 + rnd.nextInt(5000)));
            t = session.nextBar(t);
        }
        return out;
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }

    /** Daily weekday observations of the seven series the features read, published the next day at 00:00 UTC. */
    static List<MacroObservation> syntheticMacro(LocalDate from, LocalDate to, Random rnd) {
        String[] ids = {"DXY", "VIX", "EMBI_COL", "BRENT", "USDMXN", "COL10Y", "UST10Y"};
        double[] level = {100, 18, 250, 80, 17.5, 10.5, 4.2};
        double[] vol = {0.004, 0.05, 0.02, 0.02, 0.006, 0.01, 0.015};
        List<MacroObservation> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() > 5) {
                continue;
            }
            double common = rnd.nextGaussian();
            for (int s = 0; s < ids.length; s++) {
                double shock = 0.5 * common + 0.866 * rnd.nextGaussian();
                level[s] *= Math.exp(vol[s] * shock - 0.001 * Math.log(level[s] / new double[] {100, 18, 250, 80, 17.5, 10.5, 4.2}[s]));
                out.add(new MacroObservation(ids[s], d, level[s], d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            }
        }
        return withRevisions(out, REVISED_SHARE, new Random(19));
    }

    /**
     * Adds vintages: a share of the observations gets one or two revisions (half of them two), each a later
     * publication of the same date (1 to 3 days and a few hours after the previous one) with the value moved by up to
     * ±1 %, as ALFRED's vintages of daily series look. The point-in-time source applies them as publications.
     */
    static List<MacroObservation> withRevisions(List<MacroObservation> first, double share, Random rnd) {
        List<MacroObservation> out = new ArrayList<>(first);
        for (MacroObservation o : first) {
            if (rnd.nextDouble() >= share) {
                continue;
            }
            int revisions = rnd.nextBoolean() ? 1 : 2;
            Instant published = o.publishedAt();
            for (int k = 0; k < revisions; k++) {
                published = published.plus(Duration.ofHours(24L * (1 + rnd.nextInt(3)) + rnd.nextInt(12)));
                out.add(new MacroObservation(o.seriesId(), o.observationDate(), o.value() * (1 + 0.01 * (2 * rnd.nextDouble() - 1)),
                        published));
            }
        }
        return out;
    }
}
