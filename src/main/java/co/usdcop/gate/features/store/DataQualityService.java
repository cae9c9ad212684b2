package co.usdcop.gate.features.store;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.MarketConfig;
import co.usdcop.gate.features.TradingSession;
import co.usdcop.gate.market.MarketDataReader;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Computes the {@link DataQuality} summary of a range from the stored bars, feature rows and macro series. */
@ApplicationScoped
public class DataQualityService {

    private static final int MAX_DAYS_LISTED = 500;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GateConfig config;

    @Inject
    FeatureStore store;

    @Inject
    Clock clock;

    public DataQuality dataQuality(Instant from, Instant to) {
        MarketDataReader.requireRange(from, to);
        store.ensureFeatures(from, to);
        Instant now = clock.instant();
        Instant reference = to.isBefore(now) ? to : now;
        TradingSession session = store.canonicalFeatures().session();
        long barSeconds = session.barMinutes() * 60L;
        try (Connection c = dataSource.getConnection()) {
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
            long bars = present.values().stream().mapToLong(Integer::longValue).sum();
            long expected = 0;
            long missing = 0;
            List<DataQuality.MissingDay> missingDays = new ArrayList<>();
            for (LocalDate d = session.tradingDate(from); !d.isAfter(session.tradingDate(to)); d = d.plusDays(1)) {
                int expectedToday = 0;
                for (Instant ts : session.barTimes(d)) {
                    if (!ts.isBefore(from) && !ts.isAfter(to) && !ts.plusSeconds(barSeconds).isAfter(now)) {
                        expectedToday++;
                    }
                }
                int have = Math.min(present.getOrDefault(d, 0), expectedToday);
                expected += expectedToday;
                missing += expectedToday - have;
                if (have < expectedToday && missingDays.size() < MAX_DAYS_LISTED) {
                    missingDays.add(new DataQuality.MissingDay(d, expectedToday, have));
                }
            }
            long featureRows;
            Double ffilledShare;
            Double meanScore;
            long below;
            long afterHoles;
            double minScore = config.featureContract().minDataQualityScore();
            try (PreparedStatement ps = c.prepareStatement("select count(*), avg(case when macro_was_ffilled then 1.0 else 0.0 end), "
                    + "avg(data_quality_score), count(*) filter (where data_quality_score < ?), "
                    + "count(*) filter (where ohlcv_was_interpolated) from inference_features "
                    + "where contract_version = ? and ts between ? and ?")) {
                ps.setDouble(1, minScore);
                ps.setString(2, store.contractVersion());
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    featureRows = rs.getLong(1);
                    ffilledShare = featureRows == 0 ? null : rs.getDouble(2);
                    meanScore = featureRows == 0 ? null : rs.getDouble(3);
                    below = rs.getLong(4);
                    afterHoles = rs.getLong(5);
                }
            }
            boolean pending;
            try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from feature_refresh_state "
                    + "where contract_version = ? and dirty_from is not null)")) {
                ps.setString(1, store.contractVersion());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pending = rs.getBoolean(1);
                }
            }
            return new DataQuality(from, to, bars, expected, missing, missingDays, featureRows, ffilledShare, meanScore,
                    below, afterHoles, minScore, freshness(c, reference), pending);
        } catch (SQLException e) {
            throw new IllegalStateException("computing data quality failed", e);
        }
    }

    private List<DataQuality.SeriesFreshness> freshness(Connection c, Instant reference) throws SQLException {
        List<DataQuality.SeriesFreshness> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select observation_date, published_at, source from macro_observations "
                + "where series_id = ? and published_at <= ? order by observation_date desc limit 1")) {
            for (MarketConfig.MacroSeries s : config.market().macroSeries()) {
                ps.setString(1, s.id());
                ps.setTimestamp(2, Timestamp.from(reference));
                try (ResultSet rs = ps.executeQuery()) {
                    String frequency = s.frequency().name().toLowerCase(Locale.ROOT);
                    if (rs.next()) {
                        Instant published = rs.getTimestamp(2).toInstant();
                        long age = Duration.between(published, reference).toDays();
                        out.add(new DataQuality.SeriesFreshness(s.id(), frequency, rs.getObject(1, LocalDate.class),
                                published, age, s.ffillLimitDays(), age > s.ffillLimitDays(), rs.getString(3)));
                    } else {
                        out.add(new DataQuality.SeriesFreshness(s.id(), frequency, null, null, null, s.ffillLimitDays(),
                                true, null));
                    }
                }
            }
        }
        return out;
    }
}
