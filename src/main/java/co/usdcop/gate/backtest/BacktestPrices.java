package co.usdcop.gate.backtest;

import co.usdcop.gate.common.BoundedLru;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.market.MarketDataChanged;
import co.usdcop.gate.market.MarketDataReader;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The closes of a backtest's period from the stored bars (as stored now, through {@link MarketDataReader}'s sub-selects), streamed from
 * the database through a {@link PriceSeries.Thinner}, so a chart of a period of any length costs a bounded answer
 * and bounded memory.
 */
@ApplicationScoped
public class BacktestPrices {

    public static final int DEFAULT_POINTS = 2000;
    public static final int MAX_POINTS = 5000;
    private static final int FETCH_ROWS = 5000;

    @Inject
    AgroalDataSource dataSource;

    /** The number of points a chart series may have: {@link #DEFAULT_POINTS} when not given, 2..{@link #MAX_POINTS}. */
    static int checkPoints(Integer maxPoints) {
        int points = maxPoints == null ? DEFAULT_POINTS : maxPoints;
        if (points < 2 || points > MAX_POINTS) {
            throw new InvalidInputException("maxPoints must be between 2 and " + MAX_POINTS + ", got " + points + ".");
        }
        return points;
    }

    /** How long a thinned price series is served from memory ({@code usdcop.backtest.price-chart-ttl}). */
    @ConfigProperty(name = "usdcop.backtest.price-chart-ttl", defaultValue = "30s")
    Duration ttl;

    private record Key(LocalDate from, LocalDate to, int points) {
    }

    private record Cached(PriceSeries series, long readAtNanos) {
    }

    /** Recently read series, least recently used out first. */
    private final BoundedLru<Key, Cached> recent = new BoundedLru<>(64);

    /**
     * Forgets every series once market data written through this replica is committed; data written through another
     * replica shows here within {@link #ttl} (a price chart is a picture of the period, never evidence).
     */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) MarketDataChanged event) {
        recent.clear();
    }

    /**
     * Closes of the bars of trading dates {@code from}..{@code to} (UTC dates), at most {@code maxPoints}; the same
     * period's series read within {@link #ttl} is served from memory (reading and thinning 22,000 bars was a
     * backtest page's largest cost).
     */
    public PriceSeries closes(LocalDate from, LocalDate to, Integer maxPoints) {
        Key key = new Key(from, to, checkPoints(maxPoints));
        Cached cached = recent.get(key);
        if (cached != null && System.nanoTime() - cached.readAtNanos() < ttl.toNanos()) {
            return cached.series();
        }
        long readAt = System.nanoTime();
        PriceSeries series = read(from, to, key.points());
        recent.put(key, new Cached(series, readAt));
        return series;
    }

    private PriceSeries read(LocalDate from, LocalDate to, int points) {
        Timestamp start = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            // one snapshot for the count and the rows; PostgreSQL streams with a cursor only inside a transaction
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                PriceSeries series = read(c, start, end, points);
                c.commit();
                return series;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
                c.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the closes of " + from + ".." + to + " failed", e);
        }
    }

    private static PriceSeries read(Connection c, Timestamp start, Timestamp end, int points) throws SQLException {
        int bars;
        try (PreparedStatement ps = c.prepareStatement(
                "select count(*) from (" + MarketDataReader.BAR_TIMES + ") b where b.ts >= ? and b.ts < ?")) {
            ps.setTimestamp(1, start);
            ps.setTimestamp(2, end);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                bars = rs.getInt(1);
            }
        }
        PriceSeries.Thinner thinner = new PriceSeries.Thinner(bars, points);
        try (PreparedStatement ps = c.prepareStatement(
                "select b.ts, b.close from (" + MarketDataReader.BAR_CLOSES + ") b where b.ts >= ? and b.ts < ? order by b.ts")) {
            ps.setFetchSize(FETCH_ROWS);
            ps.setTimestamp(1, start);
            ps.setTimestamp(2, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    thinner.accept(rs.getTimestamp(1).toInstant(), rs.getDouble(2));
                }
            }
        }
        return thinner.finish();
    }
}
