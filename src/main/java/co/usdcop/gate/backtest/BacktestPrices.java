package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.market.MarketDataReader;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The closes of a backtest's period from the stored bars (as stored now, through {@link MarketDataReader}'s
 * sub-selects), thinned by PostgreSQL ({@link SeriesThinner}), so a chart of a period of any length costs a bounded
 * answer, bounded memory and no more rows than it shows.
 */
@ApplicationScoped
public class BacktestPrices {

    public static final int DEFAULT_POINTS = 2000;
    public static final int MAX_POINTS = 5000;

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

    /** Closes of the bars of trading dates {@code from}..{@code to} (UTC dates), at most {@code maxPoints}. */
    public PriceSeries closes(LocalDate from, LocalDate to, Integer maxPoints) {
        int points = checkPoints(maxPoints);
        Timestamp start = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String bars = "select row_number() over (order by b.ts) - 1 as i, b.close as v, b.ts, count(*) over () as n"
                + " from (" + MarketDataReader.BAR_CLOSES + ") b where b.ts >= ? and b.ts < ?";
        // one statement, so the count and the kept rows come from one snapshot
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SeriesThinner.keptRows(bars, points) + " order by r.i")) {
            ps.setTimestamp(1, start);
            ps.setTimestamp(2, end);
            List<PriceSeries.PricePoint> kept = new ArrayList<>();
            long stored = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(new PriceSeries.PricePoint(rs.getTimestamp("ts").toInstant(), rs.getDouble("v")));
                    stored = rs.getLong("n");
                }
            }
            return new PriceSeries((int) stored, stored > points, List.copyOf(kept));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the closes of " + from + ".." + to + " failed", e);
        }
    }
}
