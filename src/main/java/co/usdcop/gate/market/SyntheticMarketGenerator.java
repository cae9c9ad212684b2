package co.usdcop.gate.market;

import co.usdcop.gate.config.MarketConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic USD/COP 5-minute bars and macro series for demos and tests (stored with
 * {@code source = 'synthetic'}). Same seed and start date → same data; a later {@code until} only appends (the
 * random stream is consumed day by day, whatever is emitted), so tests can take small slices of the demo data.
 * <p>
 * Model, per weekday d (UTC):
 * <ul>
 * <li>Macro daily log-changes: DXY N(0, 0.35%) pulled to 103; VIX log-AR(1) around ln 17 (φ 0.94, σ 7%);
 * Brent N(0, 1.9%) − 0.3·DXY change; EMBI spread +25 bp per unit of VIX log change, AR around 300 bp; USD/MXN
 * 0.8·DXY + 0.02·ΔlnVIX + N(0, 0.5%); UST10Y random walk σ 6 bp pulled to 4.0%; COL10Y 0.5·ΔUST + 0.01·ΔEMBI + N(0, 5 bp).
 * Monthly CPI (+0.45%/month ± 0.15), unemployment (AR around 10.5%), Fed funds (quarter-point steps); quarterly
 * GDP (+0.5%/quarter ± 0.6). Observation dates: the day itself, the first of the month, the first of the quarter;
 * an observation is emitted only once its default publication (date + publication delay, market.yaml) is due.</li>
 * <li>COP macro driver m_d = 0.7·ΔlnDXY + 0.04·ΔlnVIX − 0.10·ΔlnBrent + 0.6·ΔlnMXN·0.3 (COP weakens — USD/COP up —
 * when DXY or VIX rise or oil falls); 35% of it arrives in the overnight gap (plus N(0, 0.15%)), 65% spread over
 * the session's bars.</li>
 * <li>Intraday bar log-return = drift + √h·u(k)·z with GARCH(1,1) variance h (α 0.06, β 0.92, long-run σ 0.055%
 * per bar), U-shaped multiplier u(k) = 0.75 + 1.0·((k − 29.5)/29.5)² over the 60 bars, and a pull of the level
 * toward 4,100 (half-life about 40 sessions) that keeps prices within roughly 3,800–4,400.</li>
 * <li>High/low extend max/min(open, close) by half-normal wicks; prices rounded to cents; volume (USD m) log-normal
 * with the same U shape, larger on large moves.</li>
 * </ul>
 */
public final class SyntheticMarketGenerator {

    public static final String SOURCE = "synthetic";
    public static final long DEFAULT_SEED = 20_230_102L;

    /** Bars and macro observations of one generation, both in time order. */
    public record Generated(List<Bar> bars, List<MacroObservation> macro) {
    }

    private final MarketConfig market;
    private final long seed;

    public SyntheticMarketGenerator(MarketConfig market, long seed) {
        this.market = market;
        this.seed = seed;
    }

    /**
     * Bars from {@code firstDay} whose bar has closed by {@code until}, and macro observations from 150 days before
     * {@code firstDay} (the warm-up of the z-scores) whose default publication is at or before {@code until}.
     */
    public Generated generate(LocalDate firstDay, Instant until) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LocalDate macroStart = firstDay.minusDays(150);
        LocalDate lastDay = LocalDate.ofInstant(until, ZoneOffset.UTC);
        long barSeconds = market.barMinutes() * 60L;
        int barsPerSession = market.session().barsPerSession();
        long openSecond = market.session().open().toSecondOfDay();

        List<Bar> bars = new ArrayList<>();
        List<MacroObservation> macro = new ArrayList<>();
        double dxy = 103.5, vix = 17, brent = 82, embi = 290, mxn = 19.2, ust = 3.9, col = 10.8;
        double cpi = 130, unemp = 10.8, fed = 4.33, gdp = 250_000;
        double price = 4_100, h = 0.00055 * 0.00055, prevShock = 0;
        final double longRunVar = 0.00055 * 0.00055, alpha = 0.06, beta = 0.92;
        final double reversionPerBar = Math.log(2) / 40 / barsPerSession;

        for (LocalDate d = macroStart; !d.isAfter(lastDay); d = d.plusDays(1)) {
            // monthly and quarterly series, observed on the first of their period
            if (d.getDayOfMonth() == 1) {
                cpi *= Math.exp(0.0045 + 0.0015 * rnd.nextGaussian());
                unemp = 10.5 + 0.8 * (unemp - 10.5) + 0.3 * rnd.nextGaussian();
                double u = rnd.nextDouble();
                fed = Math.max(0.08, fed + (u < 0.12 ? -0.25 : u > 0.94 ? 0.25 : 0));
                emit(macro, "CPI_COL", d, round(cpi, 3), until);
                emit(macro, "UNEMP_COL", d, round(unemp, 2), until);
                emit(macro, "FEDFUNDS", d, round(fed, 2), until);
                if ((d.getMonthValue() - 1) % 3 == 0) {
                    gdp *= Math.exp(0.005 + 0.006 * rnd.nextGaussian());
                    emit(macro, "GDP_COL", d, round(gdp, 0), until);
                }
            }
            boolean weekday = d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (!weekday) {
                continue;
            }
            double rDxy = 0.0035 * rnd.nextGaussian() - 0.01 * Math.log(dxy / 103);
            double rVix = -0.06 * Math.log(vix / 17) + 0.07 * rnd.nextGaussian();
            double rBrent = 0.019 * rnd.nextGaussian() - 0.3 * rDxy - 0.005 * Math.log(brent / 80);
            double dEmbi = 25 * rVix - 0.03 * (embi - 300) + 4 * rnd.nextGaussian();
            double rMxn = 0.8 * rDxy + 0.02 * rVix + 0.005 * rnd.nextGaussian() - 0.01 * Math.log(mxn / 18.5);
            double dUst = 0.06 * rnd.nextGaussian() - 0.01 * (ust - 4.0);
            double dCol = 0.5 * dUst + 0.01 * dEmbi + 0.05 * rnd.nextGaussian() - 0.01 * (col - 10.5);
            dxy *= Math.exp(rDxy);
            vix *= Math.exp(rVix);
            brent *= Math.exp(rBrent);
            embi = Math.max(80, embi + dEmbi);
            mxn *= Math.exp(rMxn);
            ust = Math.max(0.1, ust + dUst);
            col = Math.max(1, col + dCol);
            emit(macro, "DXY", d, round(dxy, 3), until);
            emit(macro, "VIX", d, round(vix, 2), until);
            emit(macro, "BRENT", d, round(brent, 2), until);
            emit(macro, "EMBI_COL", d, round(embi, 1), until);
            emit(macro, "USDMXN", d, round(mxn, 4), until);
            emit(macro, "UST10Y", d, round(ust, 3), until);
            emit(macro, "COL10Y", d, round(col, 3), until);

            double driver = 0.7 * rDxy + 0.04 * rVix - 0.10 * rBrent + 0.18 * rMxn;
            double gap = 0.35 * driver + 0.0015 * rnd.nextGaussian();
            double intradayDrift = 0.65 * driver / barsPerSession;
            if (d.isBefore(firstDay) || !market.session().isTradingDay(d)) {
                continue;
            }
            long dayStart = d.toEpochDay() * 86_400 + openSecond;
            double prevClose = price;
            price = price * Math.exp(gap);
            for (int k = 0; k < barsPerSession; k++) {
                h = (1 - alpha - beta) * longRunVar + alpha * prevShock * prevShock + beta * h;
                double x = (k - (barsPerSession - 1) / 2.0) / ((barsPerSession - 1) / 2.0);
                double shape = 0.75 + 1.0 * x * x;
                double sigma = Math.sqrt(h) * shape;
                double shock = Math.sqrt(h) * rnd.nextGaussian();
                prevShock = shock;
                double r = intradayDrift - reversionPerBar * Math.log(price / 4_100) + shock * shape;
                double open = round(k == 0 ? price : prevClose, 2);
                double close = round(price * Math.exp(r), 2);
                double high = round(Math.max(open, close) * Math.exp(0.5 * sigma * Math.abs(rnd.nextGaussian())), 2);
                double low = round(Math.min(open, close) * Math.exp(-0.5 * sigma * Math.abs(rnd.nextGaussian())), 2);
                high = Math.max(high, Math.max(open, close));
                low = Math.min(low, Math.min(open, close));
                double volume = round(Math.exp(1.6 + 0.5 * rnd.nextGaussian()) * shape
                        * (1 + Math.abs(shock) / Math.sqrt(longRunVar) / 2), 2);
                price = close;
                prevClose = close;
                Instant ts = Instant.ofEpochSecond(dayStart + k * barSeconds);
                if (!ts.plusSeconds(barSeconds).isAfter(until)) {
                    bars.add(new Bar(ts, open, high, low, close, volume));
                }
            }
        }
        return new Generated(bars, macro);
    }

    private void emit(List<MacroObservation> out, String seriesId, LocalDate date, double value, Instant until) {
        Instant published = MacroRules.defaultPublishedAt(market.series(seriesId).orElseThrow(), date);
        if (!published.isAfter(until)) {
            out.add(new MacroObservation(seriesId, date, value, published));
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
