package co.usdcop.gate.market;

import co.usdcop.gate.config.MarketConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The USD/COP trading session of {@code config/market.yaml} as a calendar of 5-minute bar open times.
 *
 * <p>A bar is identified by its open time {@code ts}. With the shipped config a session has 60 bars opening
 * 13:00, 13:05, ..., 17:55 (session zone, UTC) on Monday to Friday; there is no holiday calendar, so every
 * configured weekday is a trading day. {@link #barNumber} is 1..{@code barsPerSession};
 * {@link #timeNormalized} = (barNumber − 1) / (barsPerSession − 1), so 0.0 for the first bar and 1.0 for the
 * last — the bar's place in its session, never in a dataset, so live inference and backtests agree
 * (feature {@code time_normalized} of feature_contract.yaml).
 *
 * <p>Immutable and thread-safe. All methods work in the session's zone ({@code session.timezone}); when that
 * zone is UTC (the shipped config) they use plain epoch arithmetic and allocate nothing except the returned
 * {@link LocalDate}/{@link Instant}.
 */
public final class TradingSession {

    private static final long SECONDS_PER_DAY = 86_400L;

    private final ZoneId zone;
    private final boolean utc;
    private final int barSeconds;
    private final int openSecondOfDay;
    private final int barsPerSession;
    private final boolean[] tradingDay = new boolean[8]; // indexed by DayOfWeek.getValue() 1..7

    private TradingSession(ZoneId zone, int barMinutes, LocalTime open, int barsPerSession, Set<DayOfWeek> days) {
        if (barsPerSession < 2) {
            throw new IllegalArgumentException("a session needs at least 2 bars, got " + barsPerSession);
        }
        this.zone = zone;
        this.utc = zone.normalized().equals(ZoneOffset.UTC);
        this.barSeconds = barMinutes * 60;
        this.openSecondOfDay = open.toSecondOfDay();
        this.barsPerSession = barsPerSession;
        if (openSecondOfDay + (long) (barsPerSession - 1) * barSeconds >= SECONDS_PER_DAY) {
            throw new IllegalArgumentException("the session must not cross midnight in its zone");
        }
        for (DayOfWeek d : days) {
            tradingDay[d.getValue()] = true;
        }
    }

    /** The session of {@code market.yaml}. */
    public static TradingSession of(MarketConfig market) {
        MarketConfig.Session s = market.session();
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : s.days()) {
            days.add(DayOfWeek.valueOf(d));
        }
        return new TradingSession(ZoneId.of(s.timezone()), market.barMinutes(), s.open(), s.barsPerSession(), days);
    }

    public int barsPerSession() {
        return barsPerSession;
    }

    public int barMinutes() {
        return barSeconds / 60;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether {@code date} is a trading weekday of the session. */
    public boolean isTradingDay(LocalDate date) {
        return tradingDay[date.getDayOfWeek().getValue()];
    }

    /** Whether {@code ts} lies on the bar grid of its day (a multiple of the bar length after the open, any time of day). */
    public boolean isOnGrid(Instant ts) {
        if (ts.getNano() != 0) {
            return false;
        }
        return Math.floorMod(secondOfDay(ts) - openSecondOfDay, barSeconds) == 0;
    }

    /** Whether {@code ts} is the open time of one of the session's bars on a trading day. */
    public boolean isInSession(Instant ts) {
        return barIndexOrMinusOne(ts) >= 0;
    }

    /**
     * The bar's number within its session, 1..barsPerSession.
     *
     * @throws IllegalArgumentException if {@code ts} is not the open time of a session bar
     */
    public int barNumber(Instant ts) {
        int index = barIndexOrMinusOne(ts);
        if (index < 0) {
            throw new IllegalArgumentException(ts + " is not the open time of a bar in the trading session");
        }
        return index + 1;
    }

    /** The trading date of a session bar: its calendar date in the session zone. */
    public LocalDate tradingDate(Instant ts) {
        return LocalDate.ofEpochDay(epochDay(ts));
    }

    /** Epoch day (days since 1970-01-01) of {@code ts} in the session zone; the allocation-free form of {@link #tradingDate}. */
    public long epochDay(Instant ts) {
        if (utc) {
            return Math.floorDiv(ts.getEpochSecond(), SECONDS_PER_DAY);
        }
        return ts.atZone(zone).toLocalDate().toEpochDay();
    }

    /** {@link #epochDay(Instant)} of the whole second {@code epochSecond}. */
    public long epochDay(long epochSecond) {
        if (utc) {
            return Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        }
        return Instant.ofEpochSecond(epochSecond).atZone(zone).toLocalDate().toEpochDay();
    }

    /**
     * The bar number (1..barsPerSession) of the session bar opening at the whole second {@code epochSecond}, or 0 if
     * no session bar opens then; the allocation-free form of {@link #barNumber} (UTC sessions).
     */
    public int barNumberOrZero(long epochSecond) {
        if (!utc) {
            return barIndexOrMinusOne(Instant.ofEpochSecond(epochSecond)) + 1;
        }
        return barIndexOrMinusOne(epochSecond, Math.floorMod(epochSecond, SECONDS_PER_DAY)) + 1;
    }

    /**
     * {@code time_normalized} of a session bar: (barNumber − 1) / (barsPerSession − 1), 0.0 at the first bar and
     * 1.0 at the last; it restarts at 0 every session.
     *
     * @throws IllegalArgumentException if {@code ts} is not the open time of a session bar
     */
    public double timeNormalized(Instant ts) {
        return (barNumber(ts) - 1) / (double) (barsPerSession - 1);
    }

    /** Open time of the bar with number {@code barNumber} (1-based) on {@code date}; the date need not be a trading day. */
    public Instant barTime(LocalDate date, int barNumber) {
        if (barNumber < 1 || barNumber > barsPerSession) {
            throw new IllegalArgumentException("bar number must be 1.." + barsPerSession + ", got " + barNumber);
        }
        long second = openSecondOfDay + (long) (barNumber - 1) * barSeconds;
        if (utc) {
            return Instant.ofEpochSecond(date.toEpochDay() * SECONDS_PER_DAY + second);
        }
        return date.atStartOfDay(zone).plusSeconds(second).toInstant();
    }

    /** The open times of all bars of {@code date} (empty if it is not a trading day), in order. */
    public List<Instant> barTimes(LocalDate date) {
        if (!isTradingDay(date)) {
            return List.of();
        }
        List<Instant> out = new ArrayList<>(barsPerSession);
        for (int n = 1; n <= barsPerSession; n++) {
            out.add(barTime(date, n));
        }
        return out;
    }

    /** The first session bar strictly after {@code ts} (ts need not be a bar time); skips nights, weekends and non-trading days. */
    public Instant nextBar(Instant ts) {
        LocalDate date = tradingDate(ts);
        long sod = secondOfDay(ts);
        if (isTradingDay(date) && sod < lastBarSecondOfDay()) {
            if (sod < openSecondOfDay) {
                return barTime(date, 1);
            }
            long k = Math.floorDiv(sod - openSecondOfDay, barSeconds) + 1; // 0-based index of the next bar
            return barTime(date, (int) k + 1);
        }
        LocalDate d = date.plusDays(1);
        while (!isTradingDay(d)) {
            d = d.plusDays(1);
        }
        return barTime(d, 1);
    }

    /** The last session bar strictly before {@code ts} (ts need not be a bar time); skips nights, weekends and non-trading days. */
    public Instant previousBar(Instant ts) {
        LocalDate date = tradingDate(ts);
        long sod = secondOfDay(ts);
        boolean partSecond = ts.getNano() != 0;
        if (isTradingDay(date) && (sod > openSecondOfDay || (sod == openSecondOfDay && partSecond))) {
            if (sod > lastBarSecondOfDay()) {
                return barTime(date, barsPerSession);
            }
            long delta = sod - openSecondOfDay;
            long k = Math.floorDiv(delta, barSeconds); // bar containing ts
            if (delta % barSeconds == 0 && !partSecond) {
                k -= 1; // ts is itself a bar time: step back one
            }
            return barTime(date, (int) k + 1);
        }
        LocalDate d = date.minusDays(1);
        while (!isTradingDay(d)) {
            d = d.minusDays(1);
        }
        return barTime(d, barsPerSession);
    }

    private long lastBarSecondOfDay() {
        return openSecondOfDay + (long) (barsPerSession - 1) * barSeconds;
    }

    private long secondOfDay(Instant ts) {
        if (utc) {
            return Math.floorMod(ts.getEpochSecond(), SECONDS_PER_DAY);
        }
        return ts.atZone(zone).toLocalTime().toSecondOfDay();
    }

    /** 0-based bar index within the session, or -1 if {@code ts} is not a session bar open time. */
    private int barIndexOrMinusOne(Instant ts) {
        if (ts.getNano() != 0) {
            return -1;
        }
        if (utc) {
            return barIndexOrMinusOne(ts.getEpochSecond(), secondOfDay(ts));
        }
        long delta = secondOfDay(ts) - openSecondOfDay;
        if (delta < 0 || delta % barSeconds != 0) {
            return -1;
        }
        long index = delta / barSeconds;
        if (index >= barsPerSession) {
            return -1;
        }
        return tradingDay[ts.atZone(zone).getDayOfWeek().getValue()] ? (int) index : -1;
    }

    /** UTC form of {@link #barIndexOrMinusOne(Instant)} for a whole second and its second of day. */
    private int barIndexOrMinusOne(long epochSecond, long secondOfDay) {
        long delta = secondOfDay - openSecondOfDay;
        if (delta < 0 || delta % barSeconds != 0) {
            return -1;
        }
        long index = delta / barSeconds;
        if (index >= barsPerSession) {
            return -1;
        }
        // 1970-01-01 was a Thursday (ISO 4)
        int dow = (int) Math.floorMod(Math.floorDiv(epochSecond, SECONDS_PER_DAY) + 3, 7L) + 1;
        return tradingDay[dow] ? (int) index : -1;
    }
}
