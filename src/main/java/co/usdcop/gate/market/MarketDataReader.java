package co.usdcop.gate.market;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.InvalidInputException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads stored bars and macro observations (plain JDBC: these tables are read in bulk, not as entities). */
@ApplicationScoped
public class MarketDataReader {

    /**
     * The stored bar times as a sub-select, for the feature store's statements that set its rows against the bars
     * they derive from (which bars have no row yet) in one statement.
     */
    public static final String BAR_TIMES = "select ts from usdcop_m5_ohlcv";

    /** The stored bars' times and closes as a sub-select, for the backtest's price chart (streamed, thinned). */
    public static final String BAR_CLOSES = "select ts, close from usdcop_m5_ohlcv";

    /** Earlier than any bar a USD/COP series can hold. */
    private static final Instant BEFORE_ANY_BAR = Instant.parse("1900-01-01T00:00:00Z");

    @Inject
    AgroalDataSource dataSource;

    /** Bars with {@code from <= ts <= to}, oldest first, one page. */
    public Page<BarView> bars(Instant from, Instant to, Integer limit, Integer offset) {
        requireRange(from, to);
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        try (Connection c = dataSource.getConnection()) {
            long total = Page.NOT_COUNTED;
            if (Page.totalSelected()) try (PreparedStatement ps = c.prepareStatement("select count(*) from usdcop_m5_ohlcv where ts between ? and ?")) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<BarView> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select ts, open, high, low, close, volume, source "
                    + "from usdcop_m5_ohlcv where ts between ? and ? order by ts limit ? offset ?")) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                ps.setInt(3, lim);
                ps.setInt(4, off);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new BarView(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3),
                                rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getString(7)));
                    }
                }
            }
            return new Page<>(items, total, off, lim);
        } catch (SQLException e) {
            throw new IllegalStateException("reading bars failed", e);
        }
    }

    /**
     * A series as known at {@code asOf}: for each observation date in {@code [from, to]} with a version published at
     * or before {@code asOf}, the newest such version and how many versions of the date were published by then
     * (more than one: revised). The same rule as the feature builder's point-in-time source.
     */
    public List<MacroPoint> macroAsOf(String seriesId, Instant asOf, LocalDate from, LocalDate to) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select distinct on (observation_date) observation_date, value, published_at, source,
                       count(*) over (partition by observation_date)
                from macro_observations
                where series_id = ? and published_at <= ? and observation_date between ? and ?
                order by observation_date, published_at desc""")) {
            ps.setString(1, seriesId);
            ps.setTimestamp(2, Timestamp.from(asOf));
            ps.setObject(3, from);
            ps.setObject(4, to);
            List<MacroPoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MacroPoint(rs.getObject(1, LocalDate.class), rs.getDouble(2),
                            rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getInt(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading macro observations failed", e);
        }
    }

    /** Every stored version of one observation date, oldest publication first. */
    public List<MacroVintage> vintages(String seriesId, LocalDate date) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select value, published_at, source from macro_observations
                where series_id = ? and observation_date = ? order by published_at""")) {
            ps.setString(1, seriesId);
            ps.setObject(2, date);
            List<MacroVintage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MacroVintage(seriesId, date, rs.getDouble(1), rs.getTimestamp(2).toInstant(),
                            rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading macro vintages failed", e);
        }
    }

    /** The open time of the newest stored bar at or before {@code atOrBefore}, or null. */
    public Instant newestBarAtOrBefore(Instant atOrBefore) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select max(ts) from usdcop_m5_ohlcv where ts <= ?")) {
            ps.setTimestamp(1, Timestamp.from(atOrBefore));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp ts = rs.getTimestamp(1);
                return ts == null ? null : ts.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the newest bar failed", e);
        }
    }

    /** How many bars each UTC date with {@code from <= ts <= to} holds (dates without bars are absent). */
    public static Map<LocalDate, Integer> barsPerUtcDate(Connection c, Instant from, Instant to) throws SQLException {
        Map<LocalDate, Integer> present = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select (ts at time zone 'UTC')::date, count(*) "
                + "from usdcop_m5_ohlcv where ts between ? and ? group by 1")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.put(rs.getObject(1, LocalDate.class), rs.getInt(2));
                }
            }
        }
        return present;
    }

    /** A series' newest observation date published at or before some instant, as published then. */
    public record LatestObservation(LocalDate observationDate, Instant publishedAt, String source) {
    }

    /**
     * The series' newest observation date among the versions published at or before {@code reference} (the newest
     * date first, then any of its versions), or null when nothing was published by then.
     */
    public static LatestObservation latestObservation(Connection c, String seriesId, Instant reference)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select observation_date, published_at, source from macro_observations "
                + "where series_id = ? and published_at <= ? order by observation_date desc limit 1")) {
            ps.setString(1, seriesId);
            ps.setTimestamp(2, Timestamp.from(reference));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new LatestObservation(rs.getObject(1, LocalDate.class),
                        rs.getTimestamp(2).toInstant(), rs.getString(3)) : null;
            }
        }
    }

    /** Up to {@code limit} bars strictly after {@code after} (from the first bar when null), in time order. */
    public static List<Bar> barsAfter(Connection c, Instant after, int limit) throws SQLException {
        List<Bar> out = new ArrayList<>(Math.min(limit, 100_000));
        try (PreparedStatement ps = c.prepareStatement("select ts, open, high, low, close, volume from usdcop_m5_ohlcv "
                + "where ts > ? order by ts limit ?")) {
            ps.setTimestamp(1, Timestamp.from(after == null ? BEFORE_ANY_BAR : after));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bar(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)));
                }
            }
        }
        return out;
    }

    /**
     * All macro observation versions published at or before {@code until}, by publication time: the input of the one
     * point-in-time source ({@link co.usdcop.gate.features.MacroPointInTime}), which applies a revision when the
     * clock reaches its publication.
     */
    public static List<MacroObservation> macroPublishedBy(Connection c, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select series_id, observation_date, value, published_at "
                + "from macro_observations where published_at <= ? order by published_at, series_id, observation_date")) {
            ps.setTimestamp(1, Timestamp.from(until));
            return macro(ps);
        }
    }

    /**
     * What a point-in-time source resumed at {@code resumeAt} needs of the macro observations published at or before
     * {@code until}, by publication time: of each series, the {@code window} latest observation dates published at
     * or before {@code resumeAt}, each in its newest version published by then (a source keeps no more than that
     * many dates, each at its latest version: older dates and superseded versions can no longer change a value),
     * and every version published after it. A source over these is, from {@code resumeAt} on, the source over all
     * of them.
     */
    public static List<MacroObservation> macroForResume(Connection c, List<String> seriesIds, int window,
            Instant resumeAt, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select series_id, observation_date, value, published_at from (
                    select o.* from unnest(?::text[]) s(id)
                    cross join lateral (select distinct on (observation_date) series_id, observation_date, value,
                                               published_at
                                        from macro_observations where series_id = s.id and published_at <= ?
                                        order by observation_date desc, published_at desc limit ?) o
                    union all
                    select series_id, observation_date, value, published_at from macro_observations
                    where published_at > ? and published_at <= ?) x
                order by published_at, series_id, observation_date""")) {
            ps.setArray(1, c.createArrayOf("text", seriesIds.toArray()));
            ps.setTimestamp(2, Timestamp.from(resumeAt));
            ps.setInt(3, window);
            ps.setTimestamp(4, Timestamp.from(resumeAt));
            ps.setTimestamp(5, Timestamp.from(until));
            return macro(ps);
        }
    }

    private static List<MacroObservation> macro(PreparedStatement ps) throws SQLException {
        List<MacroObservation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MacroObservation(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getDouble(3),
                        rs.getTimestamp(4).toInstant()));
            }
        }
        return out;
    }

    public static void requireRange(Instant from, Instant to) {
        if (from == null || to == null) {
            throw new InvalidInputException("from and to are required (ISO-8601 instants, e.g. 2024-01-02T13:00:00Z)");
        }
        if (to.isBefore(from)) {
            throw new InvalidInputException("to (" + to + ") is before from (" + from + ")");
        }
    }
}
